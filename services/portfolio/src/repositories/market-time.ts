import type { DbOrTx } from '@roottrading/db';

/** The open time of the newest stored candle of these symbols, or null. */
export async function newestCandleTime(db: DbOrTx, symbols: readonly string[]): Promise<Date | null> {
  if (symbols.length === 0) return null;
  const row = await db
    .selectFrom('candles')
    .select((eb) => eb.fn.max('open_time').as('t'))
    .where('symbol', 'in', symbols)
    .executeTakeFirst();
  return row?.t ?? null;
}

/** Signals whose candle time falls in [from, to); signals belong to no mode (the analyzer does not trade). */
export async function countSignals(db: DbOrTx, range: { from: Date; to: Date }): Promise<number> {
  const row = await db
    .selectFrom('signals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('candle_time', '>=', range.from)
    .where('candle_time', '<', range.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
