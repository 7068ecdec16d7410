import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { liveStatsSchema } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import {
  insertClosedPosition,
  insertPosition,
  insertSnapshot,
  insertTrade,
  minute,
  startTestPortfolio,
  type TestPortfolio,
} from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
let live: TestPortfolio;
const started: TestPortfolio[] = [];
const namespace = testNamespace('portfolio-stats');

async function insertCandle(db: Db, symbol: string, openTime: Date): Promise<void> {
  await db
    .insertInto('candles')
    .values({
      symbol,
      interval: '1m',
      open_time: openTime,
      close_time: new Date(openTime.getTime() + 59_999),
      open: '1',
      high: '1',
      low: '1',
      close: '1',
      volume: '0',
      source: 'replay',
    })
    .execute();
}

async function insertSignal(db: Db, id: string, candleTime: Date): Promise<void> {
  await db
    .insertInto('signals')
    .values({
      id,
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      interval: '1m',
      side: 'BUY',
      candle_time: candleTime,
      price: '1',
      metadata: JSON.stringify({}),
      emitted_at: new Date(),
    })
    .execute();
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.db
    .insertInto('demo_balances')
    .values([
      { asset: 'USDC', free: '9000', locked: '10', initial: '10000', updated_at: new Date() },
      { asset: 'BTC', free: '0.05', locked: '0', initial: '0', updated_at: new Date() },
    ])
    .execute();
  demo = await startTestPortfolio(tdb, namespace);
  live = await startTestPortfolio(tdb, namespace, { mode: 'live' });
  started.push(demo, live);
});

afterAll(async () => {
  for (const p of started) await p.svc.stop();
  await tdb?.drop();
});

describe('GET /stats/live', () => {
  it('has no day, no counts and an inactive kill switch on a fresh account', async () => {
    const { status, body } = await demo.get('/stats/live');
    expect(status).toBe(200);
    expect(liveStatsSchema.parse(body)).toEqual(body);
    expect(body).toEqual({
      mode: 'demo',
      day: null,
      signalsToday: 0,
      tradesToday: 0,
      tradesTotal: 0,
      winRate: null,
      // Nothing published yet: the paper account's cash (free + locked), its total not yet valued.
      balances: [{ currency: 'USDC', total: null, cash: '9010' }],
      openPositions: 0,
      killSwitch: { active: false, reason: null, trippedAt: null, resetBy: null, resetAt: null },
      pauses: [],
    });
  });

  it('takes the day from the newest stored candle of SYMBOLS before any snapshot has a candle time', async () => {
    await insertCandle(tdb.db, 'BTC/USDC', minute(2, 23, 59));
    await insertCandle(tdb.db, 'BTC/USDT', minute(2, 12, 0));
    await insertCandle(tdb.db, 'ETH/USDC', minute(5, 0, 0)); // not one of SYMBOLS
    const { body } = await demo.get('/stats/live');
    expect(body.day).toBe('2023-03-02');
  });

  it('counts the UTC candle day of the newest snapshot, the totals and the risk state of its mode', async () => {
    const db = tdb.db;
    await insertSnapshot(db, {
      takenAt: new Date(),
      candleTime: minute(3, 10, 0),
      totals: [{ currency: 'USDC', total: '10050', cash: '9900' }],
    });
    await insertSnapshot(db, { demo: false, takenAt: new Date(), candleTime: minute(9, 0), totals: [] });
    // Signals of 2023-03-03: two (the day's first and last minute); one each side of it.
    await insertSignal(db, 'sig-before-000000', minute(2, 23, 59));
    await insertSignal(db, 'sig-today-1-00000', minute(3, 0, 0));
    await insertSignal(db, 'sig-today-2-00000', minute(3, 23, 59));
    await insertSignal(db, 'sig-after-0000000', minute(4, 0, 0));
    await insertTrade(db, { side: 'BUY', price: '20000', quantity: '0.001', timestamp: minute(2, 23, 59) });
    await insertTrade(db, { side: 'SELL', price: '20100', quantity: '0.001', timestamp: minute(3, 0, 0) });
    await insertTrade(db, { side: 'BUY', price: '20000', quantity: '0.001', timestamp: minute(3, 23, 59) });
    await insertTrade(db, { demo: false, side: 'BUY', price: '20000', quantity: '1', timestamp: minute(3, 5) });
    for (const net of ['1', '-1', '0']) {
      await insertClosedPosition(db, {
        entryPrice: '1',
        exitPrice: '1',
        openedAt: minute(1, 0),
        closedAt: minute(1, 1),
        gross: net,
        fees: '0',
        net,
      });
    }
    await insertPosition(db, { strategy: 'RSI_Strategy', quantity: '0.001', cost: '20' });
    await insertPosition(db, { strategy: 'manual', quantity: '0.002', cost: '40' });
    await insertPosition(db, { strategy: 'SimpleMA_Cross', quantity: '0', cost: '0' });
    await insertPosition(db, { demo: false, quantity: '1', cost: '20000' });
    await db
      .insertInto('risk_state')
      .values({
        demo: true,
        kill_switch: true,
        kill_reason: 'daily loss limit: equity fell 5.2% since the day started',
        tripped_at: minute(3, 9, 30),
      })
      .execute();
    await db
      .insertInto('trading_pauses')
      .values([
        { demo: true, scope: 'all', target: null, paused_by: 'ops', paused_at: minute(3, 8) },
        {
          demo: true,
          scope: 'strategy',
          target: 'RSI_Strategy',
          paused_by: 'ops',
          paused_at: minute(3, 7),
          resumed_by: 'ops',
          resumed_at: minute(3, 7, 30),
        },
        { demo: false, scope: 'symbol', target: 'BTC/USDC', paused_by: 'api', paused_at: minute(3, 8) },
      ])
      .execute();

    // A portfolio started now restores the balances from the snapshot the trader stored.
    const restarted = await startTestPortfolio(tdb, namespace);
    started.push(restarted);
    const { body } = await restarted.get('/stats/live');
    expect(liveStatsSchema.parse(body)).toEqual(body);
    expect(body).toEqual({
      mode: 'demo',
      day: '2023-03-03',
      signalsToday: 2,
      tradesToday: 2,
      tradesTotal: 3,
      // +1 won; −1 and 0 did not.
      winRate: '0.333333333333333333',
      balances: [{ currency: 'USDC', total: '10050', cash: '9900' }],
      openPositions: 2,
      killSwitch: {
        active: true,
        reason: 'daily loss limit: equity fell 5.2% since the day started',
        trippedAt: '2023-03-03T09:30:00.000Z',
        resetBy: null,
        resetAt: null,
      },
      pauses: [{ scope: 'all', target: null, pausedBy: 'ops', pausedAt: '2023-03-03T08:00:00.000Z' }],
    });
  });

  it('never mixes modes', async () => {
    const { body } = await live.get('/stats/live');
    expect(body).toEqual({
      mode: 'live',
      day: '2023-03-09',
      signalsToday: 0,
      tradesToday: 0,
      tradesTotal: 1,
      winRate: null,
      balances: [],
      openPositions: 1,
      killSwitch: { active: false, reason: null, trippedAt: null, resetBy: null, resetAt: null },
      pauses: [{ scope: 'symbol', target: 'BTC/USDC', pausedBy: 'api', pausedAt: '2023-03-03T08:00:00.000Z' }],
    });
  });

  it('refuses parameters it does not take, naming them', async () => {
    const { status, body } = await demo.get('/stats/live?day=2023-03-03');
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain('day');
  });
});
