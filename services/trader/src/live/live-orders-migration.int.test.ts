import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from '@roottrading/db';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';

const NAME = '2026-11-21-004-live-orders';
const NEXT = '2026-11-21-005-order-protections';

describe('migration 004: live orders', () => {
  let testDb: TestDatabase;
  let migrator: Migrator;
  beforeAll(async () => {
    expect(Object.keys(migrations)).toContain(NAME);
    testDb = await createTestDatabase({ migrated: false });
    migrator = new Migrator({
      db: testDb.db,
      provider: { getMigrations: async () => migrations },
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const run = <T>(q: ReturnType<typeof sql<T>>) => q.execute(testDb.db);
  const insertOrder = (clientOrderId: string, status: string) =>
    run(sql<{ id: string }>`insert into orders (client_order_id, strategy, symbol, side, type, quantity, status, demo,
      exchange_order_id, price)
      values (${clientOrderId}, 'manual', 'BTC/USDC', 'BUY', 'limit', '0.01', ${status}, false, ${clientOrderId + '-x'}, '29000')
      returning id`);
  const insertFill = (orderId: string, tradeId: string) =>
    run(sql`insert into live_fills (order_id, client_order_id, exchange_order_id, exchange_trade_id, symbol, side,
      price, quantity, quote_quantity, fee, fee_currency, role, timestamp)
      values (${orderId}, 'rt-m-a', '1001', ${tradeId}, 'BTC/USDC', 'BUY', '29000', '0.004', '116', '0.000004', 'BTC',
      'maker', now())
      on conflict on constraint live_fills_trade_key do nothing`);

  it('lets an order be pending, open or canceled, with its exchange id, price and filled quantity', async () => {
    for (const status of ['pending', 'open', 'canceled', 'filled']) await insertOrder(`rt-m-${status}`, status);
    await expect(insertOrder('rt-m-bogus', 'bogus')).rejects.toThrow(/orders_status_check/);
    const { rows } = await run(
      sql<{ filled_quantity: string }>`select filled_quantity from orders where client_order_id = 'rt-m-open'`,
    );
    expect(rows[0]?.filled_quantity).toBe('0.000000000000000000');
  });

  it('records a fill once, however often reconciliation finds it', async () => {
    const { rows } = await insertOrder('rt-m-fills', 'open');
    const orderId = rows[0]!.id;
    expect((await insertFill(orderId, '50001')).numAffectedRows).toBe(1n);
    expect((await insertFill(orderId, '50001')).numAffectedRows).toBe(0n);
    expect((await insertFill(orderId, '50002')).numAffectedRows).toBe(1n);
    await run(sql`insert into exchange_sync (exchange, fills_watermark) values ('binance', now())`);
  });

  it("migration 005 keeps an entry's protections on its order row and a fill's fee in the quote currency", async () => {
    await run(sql`update orders set stop_loss = '28000', take_profit = '31000',
      trailing_stop = '{"type":"percent","value":"0.02","activation":null}' where client_order_id = 'rt-m-open'`);
    await expect(run(sql`update orders set stop_loss = '0' where client_order_id = 'rt-m-open'`)).rejects.toThrow(
      /stop_loss/,
    );
    await run(sql`update live_fills set fee_quote = '0.116'`);
    await expect(run(sql`update live_fills set fee_quote = '-1'`)).rejects.toThrow(/fee_quote/);
  });

  it('rolls back to the paper-only schema once no live rows are left', async () => {
    await run(sql`delete from live_fills`);
    await run(sql`delete from orders where status in ('pending', 'open', 'canceled')`);
    // Down to the migration after this one first (later migrations roll back on their own).
    expect((await migrator.migrateTo(NEXT)).error).toBeUndefined();
    const protections = await migrator.migrateDown();
    expect(protections.results?.[0]).toMatchObject({ migrationName: NEXT, status: 'Success' });
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.[0]).toMatchObject({ migrationName: NAME, status: 'Success' });
    await expect(insertOrder('rt-m-after', 'open')).rejects.toThrow();
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
  });
});
