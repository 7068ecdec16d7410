import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dec, FLAT_LIFE, recordTrade, toPlain, type ClosedLife, type TradeFill } from '@roottrading/accounting';
import { closedTradesPageSchema } from '@roottrading/contracts';
import type { ExitReason } from '@roottrading/db';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import { insertClosedPosition, minute, startTestPortfolio, type TestPortfolio } from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
const namespace = testNamespace('portfolio-closed-trades');

type HandFill = Omit<TradeFill, 'quantity' | 'price' | 'fee'> & {
  quantity: string;
  price: string;
  fee: string;
  at: Date;
};

/** The fills through the accounting the engine books them with, to the round trip it writes when flat. */
function roundTrip(fills: HandFill[]): ClosedLife {
  let life = FLAT_LIFE;
  for (const f of fills) {
    const update = recordTrade(life, { ...f, quantity: dec(f.quantity), price: dec(f.price), fee: dec(f.fee) }, f.at);
    if (update.closed) return update.closed;
    life = update.life;
  }
  throw new Error('the fills leave the position open');
}

async function store(
  life: ClosedLife,
  o: { strategy: string; symbol: string; exitReason: ExitReason; demo?: boolean },
) {
  await insertClosedPosition(tdb.db, {
    ...o,
    quantity: toPlain(life.quantity),
    entryPrice: toPlain(life.entryPrice),
    exitPrice: toPlain(life.exitPrice),
    openedAt: life.openedAt,
    closedAt: life.closedAt,
    gross: toPlain(life.grossPnl),
    fees: toPlain(life.fees),
    net: toPlain(life.netPnl),
  });
}

// A: bought 0.002 at 20000 (fee 0.04 USDC), half sold at 21000 (0.021), the rest at 22000 (0.022).
const partial = roundTrip([
  { side: 'BUY', quantity: '0.002', price: '20000', fee: '0.04', feeAsset: 'quote', at: minute(1, 10, 0) },
  { side: 'SELL', quantity: '0.001', price: '21000', fee: '0.021', feeAsset: 'quote', at: minute(1, 10, 5) },
  { side: 'SELL', quantity: '0.001', price: '22000', fee: '0.022', feeAsset: 'quote', at: minute(1, 10, 10) },
]);
// B: bought 0.01 at 30000 paying 0.00001 BTC (0.00999 received, fee worth 0.3 USDT), sold at 29400 (0.293706 USDT).
const baseFee = roundTrip([
  { side: 'BUY', quantity: '0.01', price: '30000', fee: '0.00001', feeAsset: 'base', at: minute(3, 8, 0) },
  { side: 'SELL', quantity: '0.00999', price: '29400', fee: '0.293706', feeAsset: 'quote', at: minute(4, 8, 0) },
]);

beforeAll(async () => {
  tdb = await createTestDatabase();
  await store(partial, { strategy: 'RSI_Strategy', symbol: 'BTC/USDC', exitReason: 'signal' });
  await store(baseFee, { strategy: 'SimpleMA_Cross', symbol: 'BTC/USDT', exitReason: 'stop_loss' });
  await insertClosedPosition(tdb.db, {
    strategy: 'Bollinger_Bands',
    entryPrice: '20000',
    exitPrice: '20100',
    openedAt: minute(6, 23, 58),
    closedAt: minute(6, 23, 59),
    gross: '0.1',
    fees: '0.04',
    net: '0.06',
    exitReason: 'take_profit',
  });
  await insertClosedPosition(tdb.db, {
    demo: false,
    quantity: '1',
    entryPrice: '1',
    exitPrice: '2',
    openedAt: minute(2, 0),
    closedAt: minute(2, 1),
    gross: '1',
    fees: '0',
    net: '1',
    exitReason: 'manual',
  });
  demo = await startTestPortfolio(tdb, namespace);
}, 120_000);

afterAll(async () => {
  await demo?.svc.stop();
  await tdb?.drop();
});

const ids = (body: { trades: { strategy: string }[] }) => body.trades.map((t) => t.strategy);

describe('GET /portfolio/closed-trades', () => {
  it('gives each round trip as hand-computed from its fills, partial exits and fees in base included', async () => {
    const { status, body } = await demo.get('/portfolio/closed-trades');
    expect(status).toBe(200);
    expect(closedTradesPageSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ mode: 'demo', total: 3, page: 1, pages: 1 });
    expect(ids(body)).toEqual(['Bollinger_Bands', 'SimpleMA_Cross', 'RSI_Strategy']);
    expect(body.trades[2]).toEqual({
      id: expect.any(String),
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      currency: 'USDC',
      demo: true,
      quantity: '0.002',
      entryPrice: '20000',
      exitPrice: '21500',
      openedAt: '2023-03-01T10:00:00.000Z',
      closedAt: '2023-03-01T10:10:00.000Z',
      durationSeconds: 600,
      // (21000 − 20000 + 22000 − 20000) × 0.001 = 3; fees 0.04 + 0.021 + 0.022.
      grossPnl: '3',
      fees: '0.083',
      netPnl: '2.917',
      // 2.917 / (0.002 × 20000) = 7.2925 %.
      profitPct: '7.2925',
      exitReason: 'signal',
    });
    expect(body.trades[1]).toMatchObject({
      quantity: '0.00999',
      entryPrice: '30000',
      exitPrice: '29400',
      durationSeconds: 86_400,
      // 0.00999 × (29400 − 30000); fees 0.00001 × 30000 + 0.293706.
      grossPnl: '-5.994',
      fees: '0.593706',
      netPnl: '-6.587706',
      // −6.587706 / 299.7, to 18 decimals.
      profitPct: '-2.1981001001001001',
      exitReason: 'stop_loss',
      currency: 'USDT',
    });
  });

  it('filters by closing time, whole days included', async () => {
    const march1 = await demo.get('/portfolio/closed-trades?from=2023-03-01&to=2023-03-01');
    expect(ids(march1.body)).toEqual(['RSI_Strategy']);
    const till4 = await demo.get('/portfolio/closed-trades?to=2023-03-04');
    expect(ids(till4.body)).toEqual(['SimpleMA_Cross', 'RSI_Strategy']);
    const exact = await demo.get('/portfolio/closed-trades?from=2023-03-04T08:00:00Z&to=2023-03-06T23:59:00Z');
    expect(ids(exact.body)).toEqual(['SimpleMA_Cross']);
  });

  it('filters by symbol, strategy, exit reason and account', async () => {
    expect(ids((await demo.get('/portfolio/closed-trades?symbol=BTCUSDT')).body)).toEqual(['SimpleMA_Cross']);
    expect(ids((await demo.get('/portfolio/closed-trades?strategy=RSI_Strategy')).body)).toEqual(['RSI_Strategy']);
    expect(ids((await demo.get('/portfolio/closed-trades?exitReason=TAKE_PROFIT')).body)).toEqual(['Bollinger_Bands']);
    const live = await demo.get('/portfolio/closed-trades?mode=live');
    expect(live.body).toMatchObject({ mode: 'live', total: 1 });
    expect(live.body.trades[0]).toMatchObject({ demo: false, exitReason: 'manual', profitPct: '100' });
    const empty = await demo.get('/portfolio/closed-trades?exitReason=kill_switch&symbol=&strategy=');
    expect(empty.body).toMatchObject({ trades: [], total: 0, pages: 1 });
  });

  it('pages newest closed first', async () => {
    const second = await demo.get('/portfolio/closed-trades?limit=2&page=2');
    expect(second.body).toMatchObject({ total: 3, pages: 2, page: 2 });
    expect(ids(second.body)).toEqual(['RSI_Strategy']);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['to=2023-13-45', 'to'],
    ['exitReason=panic', 'exitReason'],
    ['mode=paper', 'mode'],
    ['limit=0', 'limit'],
    ['symbol=%24%24', 'symbol'],
    ['sort=net', 'sort'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await demo.get(`/portfolio/closed-trades?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('GET /portfolio/closed-trades.csv', () => {
  it('exports every match with the same filters, decimals exactly as the API gives them', async () => {
    const res = await fetch(`http://127.0.0.1:${demo.svc.port}/portfolio/closed-trades.csv?symbol=BTCUSDT`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="closed-trades-demo.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,account,strategy,symbol,currency,quantity,entry_price,exit_price,opened_at,closed_at,duration_seconds,gross_pnl,fees,net_pnl,profit_pct,exit_reason',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^\d+,demo,SimpleMA_Cross,BTC\/USDT,USDT,0\.00999,30000,29400,2023-03-03T08:00:00\.000Z,2023-03-04T08:00:00\.000Z,86400,-5\.994,0\.593706,-6\.587706,-2\.1981001001001001,stop_loss$/,
    );
  });

  it('refuses a page parameter: the export is every match', async () => {
    const { status, body } = await demo.get('/portfolio/closed-trades.csv?page=2');
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain('page');
  });
});
