import type { Db } from '@roottrading/db';

/**
 * The last candle the trader has stepped, per symbol (the earliest over its accounts): the trader
 * writes it in the same transaction as the candle's orders (engine_candles). Every analysed candle
 * after it still has to reach the trader, so a restart that finds no analysed-candle stream (Redis
 * lost its data) resumes from here.
 */
export async function traderSteppedThrough(db: Db, symbols: readonly string[]): Promise<Map<string, number>> {
  if (symbols.length === 0) return new Map();
  const rows = await db
    .selectFrom('engine_candles')
    .select(['symbol', (eb) => eb.fn.min('open_time').as('open_time')])
    .where('symbol', 'in', [...symbols])
    .groupBy('symbol')
    .execute();
  return new Map(rows.map((r) => [r.symbol, new Date(r.open_time as Date).getTime()]));
}
