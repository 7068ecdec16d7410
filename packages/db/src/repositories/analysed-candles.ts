import { sql } from 'kysely';
import type { Db, DbOrTx } from '../database.js';
import { insertSignals, type BusSignal } from './signals.js';

/** What the outbox needs of an analysed-candle entry (the contracts' AnalysedCandle). */
interface Entry {
  candle: { symbol: string; interval: string; startTime: number };
}

/**
 * What the analyzer stores before a batch of entries goes on the stream, in one transaction: their
 * signals (the trader trades only a signal stored as its entry carries it) and the entries
 * themselves (the outbox, whatever Redis loses).
 */
export async function storeAnalysed(db: Db, entries: readonly (Entry & { signals: readonly BusSignal[] })[]) {
  await db.transaction().execute(async (tx) => {
    await insertSignals(
      tx,
      entries.flatMap((e) => e.signals),
    );
    await insertAnalysedCandles(tx, entries);
  });
}

/** Stores analysed candles (the stream's outbox) in one statement; one stored already stays as it is. */
export async function insertAnalysedCandles(db: DbOrTx, entries: readonly Entry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('analysed_candles')
    .values(
      entries.map((e) => ({
        symbol: e.candle.symbol,
        interval: e.candle.interval,
        open_time: new Date(e.candle.startTime),
        entry: JSON.stringify(e),
      })),
    )
    .onConflict((oc) => oc.columns(['symbol', 'interval', 'open_time']).doNothing())
    .execute();
}

/** The stored entries of `symbol` opening after `after` and before `before`, oldest first: their JSON text. */
export async function analysedCandlesBetween(
  db: DbOrTx,
  symbol: string,
  interval: string,
  after: Date,
  before: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('analysed_candles')
    .select('entry')
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .where('open_time', '>', after)
    .where('open_time', '<', before)
    .orderBy('open_time')
    .execute();
  return rows.map((r) => r.entry);
}

/**
 * The stored entries opening after each symbol's `after` time, oldest first across symbols (then
 * in `after`'s symbol order), at most `limit`: what the trader has not been handed yet, in one query.
 */
export async function analysedCandlesAfter(
  db: DbOrTx,
  interval: string,
  after: ReadonlyMap<string, Date>,
  limit: number,
): Promise<string[]> {
  if (after.size === 0) return [];
  const symbols = [...after.keys()];
  const times = [...after.values()].map((t) => t.toISOString());
  const { rows } = await sql<{ entry: string }>`
    select a.entry from analysed_candles a
    join unnest(${symbols}::text[], ${times}::timestamptz[]) with ordinality as w(symbol, after, rank)
      on a.symbol = w.symbol and a.open_time > w.after
    where a.interval = ${interval}
    order by a.open_time, w.rank
    limit ${limit}`.execute(db);
  return rows.map((r) => r.entry);
}

/**
 * Deletes each symbol's stored entries opening before its time in `before` (what the trader stepped,
 * less what it keeps), never the symbol's newest (the analyzer's watermark). Returns how many went.
 */
export async function pruneAnalysedCandles(
  db: DbOrTx,
  interval: string,
  before: ReadonlyMap<string, Date>,
): Promise<number> {
  let deleted = 0;
  for (const [symbol, cutoff] of before) {
    const result = await db
      .deleteFrom('analysed_candles')
      .where('symbol', '=', symbol)
      .where('interval', '=', interval)
      .where('open_time', '<', cutoff)
      .where('open_time', '<', (eb) =>
        eb
          .selectFrom('analysed_candles as newest')
          .select((e) => e.fn.max('newest.open_time').as('t'))
          .where('newest.symbol', '=', symbol)
          .where('newest.interval', '=', interval),
      )
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
