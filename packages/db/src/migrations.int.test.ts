import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';
import { migrateToLatest } from './database.js';
import { recentCandles, upsertCandles } from './repositories/candles.js';
import { migrations } from './migrations/index.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase({ migrated: false });
});
afterAll(async () => {
  await tdb.drop();
});

describe('migrations', () => {
  it('apply from an empty database, then are a no-op', async () => {
    const first = await migrateToLatest(tdb.db);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(
      Object.keys(migrations).map((name) => [name, 'Success']),
    );
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%'
      order by table_name`.execute(tdb.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'account_sources',
      'analysed_candles',
      'backtest_equity',
      'backtest_runs',
      'backtest_trades',
      'balance_snapshots',
      'candles',
      'closed_positions',
      'demo_balances',
      'engine_candles',
      'equity_marks',
      'exchange_sync',
      'instance_results',
      'live_fills',
      'operator_actions',
      'orders',
      'positions',
      'risk_state',
      'signals',
      'trades',
      'trading_pauses',
    ]);
    const again = await migrateToLatest(tdb.db);
    expect(again.results).toEqual([]);
  });

  it('store money as NUMERIC(38,18), exactly', async () => {
    const cols = await sql<{ column_name: string; numeric_precision: number; numeric_scale: number }>`
      select column_name, numeric_precision, numeric_scale from information_schema.columns
      where table_name = 'trades' and data_type = 'numeric' order by column_name`.execute(tdb.db);
    expect(cols.rows.map((c) => [c.column_name, c.numeric_precision, c.numeric_scale])).toEqual([
      ['fee', 38, 18],
      ['fee_quote', 38, 18],
      ['price', 38, 18],
      ['quantity', 38, 18],
      ['quote_quantity', 38, 18],
      ['realized_pnl', 38, 18],
    ]);
  });

  it('refuses a second order for one signal and a duplicate client order id', async () => {
    const order = (client: string, signal: string | null) => ({
      client_order_id: client,
      signal_id: signal,
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      side: 'BUY' as const,
      type: 'market' as const,
      quantity: '0.001',
      status: 'filled' as const,
      demo: true,
    });
    await tdb.db.insertInto('orders').values(order('rt-a', 'sig-1')).execute();
    await expect(tdb.db.insertInto('orders').values(order('rt-b', 'sig-1')).execute()).rejects.toMatchObject({
      code: '23505',
    });
    await expect(tdb.db.insertInto('orders').values(order('rt-a', null)).execute()).rejects.toMatchObject({
      code: '23505',
    });
  });
});

describe('exit reasons (migration 014)', () => {
  it('undoes and redoes the engine exits migration', async () => {
    const migrator = new Migrator({ db: tdb.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([
      ['2026-12-08-014-engine-exits', 'Down', 'Success'],
    ]);
    const up = await migrator.migrateToLatest();
    expect(up.results?.map((r) => [r.migrationName, r.status])).toEqual([['2026-12-08-014-engine-exits', 'Success']]);
  });

  it('accept a partial take-profit and a time stop on orders, trades and closed positions, and nothing unknown', async () => {
    const closed = (exit_reason: string) => ({
      demo: true,
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      quantity: '1',
      entry_price: '100',
      exit_price: '105',
      opened_at: new Date(0),
      closed_at: new Date(60_000),
      gross_pnl: '5',
      fees: '0',
      net_pnl: '5',
      exit_reason: exit_reason as 'time_stop',
    });
    await tdb.db
      .insertInto('closed_positions')
      .values([closed('partial_take_profit'), closed('time_stop')])
      .execute();
    await expect(tdb.db.insertInto('closed_positions').values(closed('bogus')).execute()).rejects.toMatchObject({
      code: '23514',
    });
    const checks = await sql<{ conname: string }>`
      select conname from pg_constraint where conname like '%exit_reason_check' order by conname`.execute(tdb.db);
    expect(checks.rows.map((r) => r.conname)).toEqual([
      'closed_positions_exit_reason_check',
      'orders_exit_reason_check',
      'trades_exit_reason_check',
    ]);
  });
});

describe('candle repository', () => {
  const row = (minute: number, close: string) => ({
    symbol: 'BTC/USDC',
    interval: '1m',
    open_time: new Date(Date.UTC(2023, 2, 1, 0, minute)),
    close_time: new Date(Date.UTC(2023, 2, 1, 0, minute, 59, 999)),
    open: '1',
    high: '2',
    low: '0.5',
    close,
    volume: '0',
    source: 'replay',
  });

  it('upserts a batch (duplicates in the batch and in the table) and reads the latest in order', async () => {
    expect(await upsertCandles(tdb.db, [row(0, '1'), row(1, '1.1'), row(1, '1.2'), row(2, '1.3')])).toBe(3);
    await upsertCandles(tdb.db, [row(2, '1.4'), row(3, '1.5')]);
    const latest = await recentCandles(tdb.db, 'BTC/USDC', '1m', 3);
    expect(latest.map((c) => [c.open_time.getUTCMinutes(), c.close])).toEqual([
      [1, '1.200000000000000000'],
      [2, '1.400000000000000000'],
      [3, '1.500000000000000000'],
    ]);
    const before = await recentCandles(tdb.db, 'BTC/USDC', '1m', 10, new Date(Date.UTC(2023, 2, 1, 0, 2)));
    expect(before).toHaveLength(2);
  });
});
