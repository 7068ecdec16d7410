import { sql, type Kysely } from 'kysely';

/**
 * Which market an account trades on: the `source` of the candles it first stepped ("replay",
 * "synthetic", "ccxt:binance"), written in that batch's transaction. Candles from another source
 * would value its positions at prices of another market, so the trader never steps them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_sources')
    .addColumn('demo', 'boolean', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_sources').execute();
}
