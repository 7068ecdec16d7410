import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;

/**
 * An entry's protections travel with its order row. A live BUY's outcome may only be learned
 * later — by the open-order poller, or by start-up reconciliation after a crash — and the position
 * it opens must still get the stop-loss, take-profit and trailing stop it was sent with, so they
 * are written with the pending row instead of held in memory. A live position records the last
 * candle its protections were checked against, so after a restart the candles the trader missed
 * are checked from there. live_fills gains the fee valued in the quote currency: binance charges
 * fees in BNB when asked to, and that BNB has a price.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('stop_loss', MONEY, (c) => c.check(sql`stop_loss is null or stop_loss > 0`))
    .addColumn('take_profit', MONEY, (c) => c.check(sql`take_profit is null or take_profit > 0`))
    .addColumn('trailing_stop', 'jsonb')
    .execute();
  // Open time of the last candle checked against the position's protections (live mode).
  await db.schema.alterTable('positions').addColumn('monitored_until', 'timestamptz').execute();
  // Null when the fee is in a third asset that had no price when the fill was recorded.
  await db.schema
    .alterTable('live_fills')
    .addColumn('fee_quote', MONEY, (c) => c.check(sql`fee_quote is null or fee_quote >= 0`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('positions').dropColumn('monitored_until').execute();
  await db.schema.alterTable('live_fills').dropColumn('fee_quote').execute();
  await db.schema
    .alterTable('orders')
    .dropColumn('trailing_stop')
    .dropColumn('take_profit')
    .dropColumn('stop_loss')
    .execute();
}
