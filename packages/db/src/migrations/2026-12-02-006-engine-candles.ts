import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;

/**
 * The trading engine's progress: per account and symbol, the last candle it stepped, written in the
 * same transaction as that candle's orders and fills. At start the engine takes its last prices
 * from here and refuses a candle it already stepped (a redelivered entry), so nothing is traded twice.
 * An equity mark keeps the equity of its last reading too: a new UTC day starts from it, after a
 * restart as without one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('engine_candles')
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('open_time', 'timestamptz', (c) => c.notNull())
    .addColumn('close_time', 'timestamptz', (c) => c.notNull())
    .addColumn('open', MONEY, (c) => c.notNull())
    .addColumn('high', MONEY, (c) => c.notNull())
    .addColumn('low', MONEY, (c) => c.notNull())
    .addColumn('close', MONEY, (c) => c.notNull())
    .addPrimaryKeyConstraint('engine_candles_pkey', ['demo', 'symbol'])
    .execute();
  await db.schema.alterTable('equity_marks').addColumn('last_equity', MONEY).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('equity_marks').dropColumn('last_equity').execute();
  await db.schema.dropTable('engine_candles').execute();
}
