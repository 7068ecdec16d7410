import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@roottrading/bus';
import { openPositionsResponseSchema, positionsHistoryPageSchema, topics } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  silentLevel,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import {
  insertClosedPosition,
  insertPosition,
  minute,
  startTestPortfolio,
  type TestPortfolio,
} from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
let live: TestPortfolio;
let bus: Bus;
const namespace = testNamespace('portfolio-positions');

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  // 0.003 BTC bought for 63 (average 21000), 0.001 already sold at 1 profit, with a stop and a trailing stop.
  await insertPosition(db, {
    strategy: 'RSI_Strategy',
    symbol: 'BTC/USDC',
    quantity: '0.003',
    cost: '63',
    openedAt: minute(10, 14, 0),
    realizedGross: '1',
    fees: '0.105',
    stopLoss: '19000',
    trailingStop: { type: 'percent', value: '0.02', activation: null },
    trailHigh: '21500',
    trailStop: '21070',
  });
  await insertPosition(db, { strategy: 'SimpleMA_Cross', symbol: 'BTC/USDT', quantity: '0.002', cost: '40' });
  // Flat: stays as a row with quantity 0, never listed.
  await insertPosition(db, { strategy: 'Bollinger_Bands', symbol: 'BTC/USDC', quantity: '0', cost: '0' });
  await insertPosition(db, { demo: false, strategy: 'RSI_Strategy', symbol: 'BTC/USDC', quantity: '1', cost: '20000' });

  // Closed, oldest first: 5 demo, 1 live.
  const closed = [
    ['RSI_Strategy', 'BTC/USDC', 1, 'signal'],
    ['SimpleMA_Cross', 'BTC/USDT', 2, 'stop_loss'],
    ['RSI_Strategy', 'BTC/USDT', 3, 'take_profit'],
    ['SimpleMA_Cross', 'BTC/USDC', 4, 'trailing_stop'],
    ['RSI_Strategy', 'BTC/USDC', 5, 'manual'],
  ] as const;
  for (const [strategy, symbol, day, exitReason] of closed) {
    await insertClosedPosition(db, {
      strategy,
      symbol,
      entryPrice: '20000',
      exitPrice: '20100',
      openedAt: minute(day, 10, 0),
      closedAt: minute(day, 10, 3),
      gross: '0.1',
      fees: '0.04',
      net: '0.06',
      exitReason,
    });
  }
  await insertClosedPosition(db, {
    demo: false,
    entryPrice: '1',
    exitPrice: '2',
    openedAt: minute(6, 0),
    closedAt: minute(6, 1),
    gross: '1',
    fees: '0',
    net: '1',
    exitReason: 'kill_switch',
  });

  demo = await startTestPortfolio(tdb, namespace);
  live = await startTestPortfolio(tdb, namespace, { mode: 'live' });
  bus = new Bus({ url: TEST_REDIS_URL, namespace, logger: createLogger('test', silentLevel) });
});

afterAll(async () => {
  await bus?.close();
  await demo?.svc.stop();
  await live?.svc.stop();
  await tdb?.drop();
});

describe('GET /portfolio/positions', () => {
  it('lists open positions with their life and protections, unvalued before any price', async () => {
    const { status, body } = await demo.get('/portfolio/positions');
    expect(status).toBe(200);
    expect(openPositionsResponseSchema.parse(body)).toEqual(body);
    expect(body.mode).toBe('demo');
    expect(body.positions.map((p: { strategy: string }) => p.strategy)).toEqual(['RSI_Strategy', 'SimpleMA_Cross']);
    expect(body.positions[0]).toEqual({
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      quantity: '0.003',
      averageEntryPrice: '21000',
      cost: '63',
      lastPrice: null,
      marketValue: null,
      unrealizedPnl: null,
      realizedGross: '1',
      fees: '0.105',
      openedAt: '2023-03-10T14:00:00.000Z',
      stopLoss: '19000',
      takeProfit: null,
      trailingStop: { type: 'percent', value: '0.02', activation: null },
      trailingStopPrice: '21070',
    });
  });

  it('falls back to the prices of the latest account:total_balance', async () => {
    await bus.publish(topics.totalBalance, {
      mode: 'demo',
      timestamp: Date.UTC(2023, 2, 10, 15),
      totals: [
        {
          currency: 'USDT',
          total: '10000.2',
          cash: '9960',
          holdingsValue: '40.2',
          holdingsCost: '40',
          prices: { 'BTC/USDT': '20100' },
        },
      ],
    });
    await waitFor(() => demo.svc.prices.get('BTC/USDT', demo.svc.view.totals), { what: 'account prices' });
    const { body } = await demo.get('/portfolio/positions');
    // 0.002 × 20100 = 40.2; 40.2 − 40 = 0.2
    expect(body.positions[1]).toMatchObject({
      symbol: 'BTC/USDT',
      averageEntryPrice: '20000',
      lastPrice: '20100',
      marketValue: '40.2',
      unrealizedPnl: '0.2',
    });
    expect(body.positions[0].lastPrice).toBeNull();
  });

  it('values a position at the close of the latest candle on its market channel', async () => {
    await bus.publish(topics.marketData('BTC/USDC'), {
      symbol: 'BTC/USDC',
      interval: '1m',
      startTime: Date.UTC(2023, 2, 10, 15, 0),
      closeTime: Date.UTC(2023, 2, 10, 15, 0, 59, 999),
      open: '21900',
      high: '22100',
      low: '21800',
      close: '22000',
      volume: '1.5',
      source: 'replay',
    });
    await waitFor(() => demo.svc.prices.get('BTC/USDC', undefined), { what: 'candle price' });
    const { body } = await demo.get('/portfolio/positions');
    // 0.003 × 22000 = 66; 66 − 63 = 3
    expect(body.positions[0]).toMatchObject({ lastPrice: '22000', marketValue: '66', unrealizedPnl: '3' });

    const health = await demo.get('/health');
    expect(health.body.details.prices['BTC/USDC']).toMatchObject({
      price: '22000',
      source: 'market',
      time: '2023-03-10T15:00:00.000Z',
    });
    expect(typeof health.body.details.prices['BTC/USDC'].ageSeconds).toBe('number');
    expect(health.body.details.prices['BTC/USDT']).toMatchObject({ price: '20100', source: 'account' });
  });

  it('serves a live portfolio its own positions only, valued at the same market price', async () => {
    await waitFor(() => live.svc.prices.get('BTC/USDC', undefined), { what: 'candle price on live' });
    const { body } = await live.get('/portfolio/positions');
    expect(body.mode).toBe('live');
    // 1 × 22000 − 20000 = 2000; the demo account's published totals are not live's.
    expect(body.positions).toEqual([
      expect.objectContaining({ strategy: 'RSI_Strategy', quantity: '1', unrealizedPnl: '2000' }),
    ]);
  });

  it('refuses parameters it does not take, naming them', async () => {
    const { status, body } = await demo.get('/portfolio/positions?symbol=BTCUSDC');
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain('symbol');
  });
});

describe('GET /portfolio/positions/history', () => {
  it('pages closed positions newest closed first', async () => {
    const first = await demo.get('/portfolio/positions/history?limit=2');
    expect(first.status).toBe(200);
    expect(positionsHistoryPageSchema.parse(first.body)).toEqual(first.body);
    expect(first.body).toMatchObject({ mode: 'demo', page: 1, limit: 2, total: 5, pages: 3 });
    expect(first.body.positions[0]).toEqual({
      id: expect.any(String),
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      quantity: '0.001',
      entryPrice: '20000',
      exitPrice: '20100',
      openedAt: '2023-03-05T10:00:00.000Z',
      closedAt: '2023-03-05T10:03:00.000Z',
      durationSeconds: 180,
      grossPnl: '0.1',
      fees: '0.04',
      netPnl: '0.06',
      exitReason: 'manual',
    });
    expect(first.body.positions[1].exitReason).toBe('trailing_stop');
    const last = await demo.get('/portfolio/positions/history?limit=2&page=3');
    expect(last.body.positions.map((p: { exitReason: string }) => p.exitReason)).toEqual(['signal']);
  });

  it('filters by symbol in either form and by strategy', async () => {
    const usdt = await demo.get('/portfolio/positions/history?symbol=BTCUSDT');
    expect(usdt.body.positions.map((p: { exitReason: string }) => p.exitReason)).toEqual(['take_profit', 'stop_loss']);
    const slash = await demo.get('/portfolio/positions/history?symbol=btc/usdt');
    expect(slash.body.total).toBe(2);
    const strategy = await demo.get('/portfolio/positions/history?strategy=SimpleMA_Cross');
    expect(strategy.body.total).toBe(2);
    const both = await demo.get('/portfolio/positions/history?strategy=RSI_Strategy&symbol=BTCUSDC');
    expect(both.body.positions.map((p: { exitReason: string }) => p.exitReason)).toEqual(['manual', 'signal']);
    const none = await demo.get('/portfolio/positions/history?strategy=nobody');
    expect(none.body).toMatchObject({ positions: [], total: 0, pages: 1 });
  });

  it('never mixes modes', async () => {
    const { body } = await live.get('/portfolio/positions/history');
    expect(body).toMatchObject({ mode: 'live', total: 1 });
    expect(body.positions[0].exitReason).toBe('kill_switch');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['page=x', 'page'],
    ['symbol=%24%24', 'symbol'],
    ['sort=closedAt', 'sort'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await demo.get(`/portfolio/positions/history?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
