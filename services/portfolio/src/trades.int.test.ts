import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tradesPageSchema } from '@roottrading/contracts';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import { insertTrade, minute, startTestPortfolio, type TestPortfolio } from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
const namespace = testNamespace('portfolio-trades');
const ids: Record<string, string> = {};

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  const q = { quantity: '0.001', fee: '0.02' };
  ids.rsiBuy = await insertTrade(db, { ...q, side: 'BUY', price: '20000', timestamp: minute(1, 0, 0) });
  ids.rsiStop = await insertTrade(db, {
    ...q,
    side: 'SELL',
    price: '19000',
    realizedPnl: '-1',
    exitReason: 'stop_loss',
    timestamp: minute(1, 0, 1),
  });
  ids.manualBuy = await insertTrade(db, {
    ...q,
    strategy: 'manual',
    side: 'BUY',
    price: '20000',
    timestamp: minute(1, 0, 2),
  });
  ids.manualSell = await insertTrade(db, {
    ...q,
    strategy: 'manual',
    side: 'SELL',
    price: '20100',
    realizedPnl: '0.1',
    exitReason: 'manual',
    timestamp: minute(1, 0, 3),
  });
  ids.maUsdt = await insertTrade(db, {
    ...q,
    strategy: 'SimpleMA_Cross',
    symbol: 'BTC/USDT',
    side: 'BUY',
    price: '20000',
    timestamp: minute(1, 0, 4),
  });
  ids.liveBuy = await insertTrade(db, {
    demo: false,
    strategy: 'manual',
    side: 'BUY',
    price: '1',
    quantity: '1',
    timestamp: minute(1, 0, 5),
  });
  ids.liveExit = await insertTrade(db, {
    demo: false,
    side: 'SELL',
    price: '1',
    quantity: '1',
    exitReason: 'kill_switch',
    timestamp: minute(1, 0, 6),
  });
  demo = await startTestPortfolio(tdb, namespace);
});

afterAll(async () => {
  await demo?.svc.stop();
  await tdb?.drop();
});

const clientIds = (body: { trades: { clientOrderId: string }[] }) => body.trades.map((t) => t.clientOrderId);

describe('GET /portfolio/trades filters', () => {
  it('shows why an exit was made, and null for entries', async () => {
    const { status, body } = await demo.get('/portfolio/trades');
    expect(status).toBe(200);
    expect(tradesPageSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ mode: 'demo', total: 5 });
    expect(body.trades.map((t: { exitReason: string | null }) => t.exitReason)).toEqual([
      null,
      'manual',
      null,
      'stop_loss',
      null,
    ]);
  });

  it('filters by side, in either case', async () => {
    const sells = await demo.get('/portfolio/trades?side=SELL');
    expect(clientIds(sells.body)).toEqual([ids.manualSell, ids.rsiStop]);
    const buys = await demo.get('/portfolio/trades?side=buy');
    expect(clientIds(buys.body)).toEqual([ids.maUsdt, ids.manualBuy, ids.rsiBuy]);
  });

  it('filters by strategy, manual orders included, and combines filters', async () => {
    const manual = await demo.get('/portfolio/trades?strategy=manual');
    expect(clientIds(manual.body)).toEqual([ids.manualSell, ids.manualBuy]);
    const manualSells = await demo.get('/portfolio/trades?strategy=manual&side=SELL');
    expect(manualSells.body.trades).toEqual([
      expect.objectContaining({ clientOrderId: ids.manualSell, exitReason: 'manual', realizedPnl: '0.1' }),
    ]);
    const ma = await demo.get('/portfolio/trades?strategy=SimpleMA_Cross&symbol=BTCUSDT');
    expect(clientIds(ma.body)).toEqual([ids.maUsdt]);
    const paged = await demo.get('/portfolio/trades?side=BUY&limit=2&page=2');
    expect(paged.body).toMatchObject({ total: 3, pages: 2, page: 2 });
    expect(clientIds(paged.body)).toEqual([ids.rsiBuy]);
  });

  it('treats an empty filter as none, as a form sends it', async () => {
    const { status, body } = await demo.get('/portfolio/trades?side=&strategy=&mode=&symbol=');
    expect(status).toBe(200);
    expect(body.total).toBe(5);
  });

  it('lists one mode per page: the service mode by default, the other on request', async () => {
    const { body } = await demo.get('/portfolio/trades?mode=live');
    expect(body.mode).toBe('live');
    expect(clientIds(body)).toEqual([ids.liveExit, ids.liveBuy]);
    expect(body.trades.every((t: { demo: boolean }) => !t.demo)).toBe(true);
    const liveManual = await demo.get('/portfolio/trades?mode=LIVE&strategy=manual');
    expect(clientIds(liveManual.body)).toEqual([ids.liveBuy]);
    const explicitDemo = await demo.get('/portfolio/trades?mode=demo');
    expect(explicitDemo.body).toMatchObject({ mode: 'demo', total: 5 });
  });

  it.each([
    ['side=HOLD', 'side'],
    ['mode=paper', 'mode'],
    [`strategy=${'x'.repeat(129)}`, 'strategy'],
    ['exitReason=manual', 'exitReason'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await demo.get(`/portfolio/trades?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('GET /portfolio/summary fees', () => {
  it('counts a fee charged in the base asset at its quote value', async () => {
    // 0.00001 BTC kept back from a buy at 20000 is worth 0.2 USDC.
    await insertTrade(tdb.db, {
      side: 'BUY',
      price: '20000',
      quantity: '0.001',
      fee: '0.00001',
      feeCurrency: 'BTC',
      feeQuote: '0.2',
      timestamp: minute(1, 0, 7),
    });
    const { body } = await demo.get('/portfolio/summary');
    const usdc = body.currencies.find((c: { currency: string }) => c.currency === 'USDC');
    // Four USDC trades at 0.02 each, plus 0.2.
    expect(usdc).toMatchObject({ feesPaid: '0.28', tradeCount: 5, realizedPnl: '-0.9', realizedNet: '-1.18' });
  });
});
