import type { CandleRow, DbOrTx } from '@roottrading/db';

/**
 * Stored candles with after < open_time ≤ upTo, oldest first: what the position monitor missed while
 * lagging, and what open limit orders missed while the trader was down.
 */
export async function candlesBetween(
  db: DbOrTx,
  symbol: string,
  interval: string,
  after: Date,
  upTo: Date,
): Promise<CandleRow[]> {
  return db
    .selectFrom('candles')
    .selectAll()
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .where('open_time', '>', after)
    .where('open_time', '<=', upTo)
    .orderBy('open_time')
    .execute();
}

/** Open time of the newest stored candle of a symbol and interval (ms), or null. */
export async function latestCandleStart(db: DbOrTx, symbol: string, interval: string): Promise<number | null> {
  const row = await db
    .selectFrom('candles')
    .select((eb) => eb.fn.max('open_time').as('latest'))
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .executeTakeFirst();
  return row?.latest ? new Date(row.latest).getTime() : null;
}
