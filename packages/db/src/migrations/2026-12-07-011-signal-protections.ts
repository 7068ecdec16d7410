import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;

/**
 * A stored signal keeps the protections it went out with. The trader acts only on a signal stored
 * exactly as the stream entry carries it, so everything an entry carries that decides a trade must
 * be in the row: the stop-loss, take-profit and trailing stop of the position a BUY opens. Rows
 * from before have none (null), which is what a signal without protections carries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('signals')
    .addColumn('stop_loss', MONEY, (c) => c.check(sql`stop_loss is null or stop_loss > 0`))
    .addColumn('take_profit', MONEY, (c) => c.check(sql`take_profit is null or take_profit > 0`))
    .addColumn('trailing_stop', 'jsonb')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('signals')
    .dropColumn('trailing_stop')
    .dropColumn('take_profit')
    .dropColumn('stop_loss')
    .execute();
}
