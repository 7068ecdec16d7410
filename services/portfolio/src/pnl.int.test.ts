import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pnlResponseSchema } from '@roottrading/contracts';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import { insertClosedPosition, minute, startTestPortfolio, type TestPortfolio } from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
let live: TestPortfolio;
const namespace = testNamespace('portfolio-pnl');

beforeAll(async () => {
  tdb = await createTestDatabase();
  const closed = [
    // SimpleMA_Cross on BTC/USDC: net +10, −4, +2.
    ['SimpleMA_Cross', 'BTC/USDC', '11', '1', '10'],
    ['SimpleMA_Cross', 'BTC/USDC', '-3', '1', '-4'],
    ['SimpleMA_Cross', 'BTC/USDC', '3', '1', '2'],
    // RSI_Strategy trades two quotes: a break-even round trip in USDC (a loss) and a win in USDT.
    ['RSI_Strategy', 'BTC/USDC', '0.2', '0.2', '0'],
    ['RSI_Strategy', 'BTC/USDT', '1.7', '0.2', '1.5'],
  ] as const;
  let day = 1;
  for (const [strategy, symbol, gross, fees, net] of closed) {
    await insertClosedPosition(tdb.db, {
      strategy,
      symbol,
      entryPrice: '20000',
      exitPrice: '20000',
      openedAt: minute(day, 0),
      closedAt: minute(day++, 1),
      gross,
      fees,
      net,
    });
  }
  await insertClosedPosition(tdb.db, {
    demo: false,
    strategy: 'SimpleMA_Cross',
    entryPrice: '1',
    exitPrice: '2',
    openedAt: minute(9, 0),
    closedAt: minute(9, 1),
    gross: '100',
    fees: '0',
    net: '100',
  });
  demo = await startTestPortfolio(tdb, namespace);
  live = await startTestPortfolio(tdb, namespace, { mode: 'live' });
});

afterAll(async () => {
  await demo?.svc.stop();
  await live?.svc.stop();
  await tdb?.drop();
});

describe('GET /portfolio/pnl', () => {
  it('gives round-trip statistics per pair', async () => {
    const { status, body } = await demo.get('/portfolio/pnl');
    expect(status).toBe(200);
    expect(pnlResponseSchema.parse(body)).toEqual(body);
    expect(body.mode).toBe('demo');
    expect(body.bySymbol).toEqual([
      // Net 10, −4, 2, 0: wins 10 and 2 (12), losses −4 and 0 (−4): PF 3, average loss −2.
      {
        symbol: 'BTC/USDC',
        currency: 'USDC',
        trades: 4,
        wins: 2,
        losses: 2,
        winRate: '0.5',
        grossPnl: '11.2',
        netPnl: '8',
        fees: '3.2',
        profitFactor: '3',
        averageWin: '6',
        averageLoss: '-2',
      },
      {
        symbol: 'BTC/USDT',
        currency: 'USDT',
        trades: 1,
        wins: 1,
        losses: 0,
        winRate: '1',
        grossPnl: '1.7',
        netPnl: '1.5',
        fees: '0.2',
        profitFactor: null,
        averageWin: '1.5',
        averageLoss: null,
      },
    ]);
  });

  it('gives them per strategy, one row per quote currency', async () => {
    const { body } = await demo.get('/portfolio/pnl');
    expect(body.byStrategy).toEqual([
      {
        strategy: 'RSI_Strategy',
        currency: 'USDC',
        trades: 1,
        wins: 0,
        losses: 1,
        winRate: '0',
        grossPnl: '0.2',
        netPnl: '0',
        fees: '0.2',
        profitFactor: null,
        averageWin: null,
        averageLoss: '0',
      },
      expect.objectContaining({ strategy: 'RSI_Strategy', currency: 'USDT', trades: 1, netPnl: '1.5' }),
      // +10, −4, +2: wins 2, losses 1, win rate 2/3, PF 12/4 = 3, average win 6, average loss −4.
      {
        strategy: 'SimpleMA_Cross',
        currency: 'USDC',
        trades: 3,
        wins: 2,
        losses: 1,
        winRate: '0.666666666666666667',
        grossPnl: '11',
        netPnl: '8',
        fees: '3',
        profitFactor: '3',
        averageWin: '6',
        averageLoss: '-4',
      },
    ]);
  });

  it('never mixes modes', async () => {
    const { body } = await live.get('/portfolio/pnl');
    expect(body.mode).toBe('live');
    expect(body.bySymbol).toEqual([expect.objectContaining({ symbol: 'BTC/USDC', trades: 1, netPnl: '100' })]);
    expect(body.byStrategy).toEqual([expect.objectContaining({ strategy: 'SimpleMA_Cross', trades: 1 })]);
  });

  it('refuses parameters it does not take, naming them', async () => {
    const { status, body } = await demo.get('/portfolio/pnl?strategy=RSI_Strategy');
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain('strategy');
  });
});
