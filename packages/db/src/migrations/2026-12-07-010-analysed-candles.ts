import type { Kysely } from 'kysely';

/**
 * The outbox of the analysed-candle stream: every analysed candle with its signals, exactly as
 * the analyzer sent it to the trader, written in the transaction that stores the signals and
 * before the stream entry goes out. Redis can lose the stream (a restart without its data); the
 * trader then steps the entries it never received from here, in order, so no signal is lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analysed_candles')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('open_time', 'timestamptz', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analysed_candles_pkey', ['symbol', 'interval', 'open_time'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('analysed_candles').execute();
}
