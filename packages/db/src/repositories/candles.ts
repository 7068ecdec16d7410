import { sql } from 'kysely';
import type { DbOrTx } from '../database.js';
import type { CandleRow, NewCandle } from '../schema.js';

/** Upserts many candles in one statement; a later copy of the same candle (symbol, interval, open) wins. */
export async function upsertCandles(db: DbOrTx, candles: NewCandle[]): Promise<number> {
  const unique = new Map<string, NewCandle>();
  for (const c of candles) unique.set(`${c.symbol}|${c.interval}|${new Date(c.open_time).getTime()}`, c);
  const rows = [...unique.values()];
  if (rows.length === 0) return 0;
  await db
    .insertInto('candles')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['symbol', 'interval', 'open_time']).doUpdateSet({
        close_time: sql`excluded.close_time`,
        open: sql`excluded.open`,
        high: sql`excluded.high`,
        low: sql`excluded.low`,
        close: sql`excluded.close`,
        volume: sql`excluded.volume`,
        source: sql`excluded.source`,
      }),
    )
    .execute();
  return rows.length;
}

/** The newest `limit` candles before `before` (exclusive), oldest first: what a warm-up replays. */
export async function recentCandles(
  db: DbOrTx,
  symbol: string,
  interval: string,
  limit: number,
  before?: Date,
): Promise<CandleRow[]> {
  let q = db.selectFrom('candles').selectAll().where('symbol', '=', symbol).where('interval', '=', interval);
  if (before) q = q.where('open_time', '<', before);
  const rows = await q.orderBy('open_time', 'desc').limit(limit).execute();
  return rows.reverse();
}

/** Every candle of `symbols` opening in [from, to), by open time: one window of a backtest's read. */
export async function candlesBetween(
  db: DbOrTx,
  symbols: readonly string[],
  interval: string,
  from: Date,
  to: Date,
): Promise<CandleRow[]> {
  if (symbols.length === 0) return [];
  return db
    .selectFrom('candles')
    .selectAll()
    .where('symbol', 'in', [...symbols])
    .where('interval', '=', interval)
    .where('open_time', '>=', from)
    .where('open_time', '<', to)
    .orderBy('open_time')
    .execute();
}

/** The first and last open time stored for `symbols` (within [from, to) when given), or null when there are none. */
export async function candleSpan(
  db: DbOrTx,
  symbols: readonly string[],
  interval: string,
  from?: Date,
  to?: Date,
): Promise<{ first: Date; last: Date; count: number } | null> {
  if (symbols.length === 0) return null;
  let q = db
    .selectFrom('candles')
    .select((eb) => [
      eb.fn.min('open_time').as('first'),
      eb.fn.max('open_time').as('last'),
      eb.fn.countAll<string>().as('count'),
    ])
    .where('symbol', 'in', [...symbols])
    .where('interval', '=', interval);
  if (from) q = q.where('open_time', '>=', from);
  if (to) q = q.where('open_time', '<', to);
  const row = await q.executeTakeFirst();
  if (!row?.first || !row.last) return null;
  return { first: new Date(row.first), last: new Date(row.last), count: Number(row.count) };
}

/** One run of consecutive stored candles (each `intervalMs` after the one before). */
export interface StoredRun {
  first: Date;
  last: Date;
  count: number;
}

/**
 * The runs of consecutive candles stored for one symbol opening in [from, to), oldest first: what a
 * download skips. Gaps-and-islands: open time minus row number × interval is constant along a run.
 */
export async function storedCandleRuns(
  db: DbOrTx,
  symbol: string,
  interval: string,
  intervalMs: number,
  from: Date,
  to: Date,
): Promise<StoredRun[]> {
  const numbered = db
    .selectFrom('candles')
    .select([
      'open_time',
      sql<string>`(extract(epoch from open_time) * 1000)::bigint - (row_number() over (order by open_time)) * ${intervalMs}::bigint`.as(
        'run',
      ),
    ])
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .where('open_time', '>=', from)
    .where('open_time', '<', to);
  const rows = await db
    .selectFrom(numbered.as('n'))
    .select((eb) => [
      eb.fn.min('open_time').as('first'),
      eb.fn.max('open_time').as('last'),
      eb.fn.countAll<string>().as('count'),
    ])
    .groupBy('run')
    .orderBy('first')
    .execute();
  return rows.map((r) => ({ first: new Date(r.first), last: new Date(r.last), count: Number(r.count) }));
}

/** A candle as the bus carries it (times in ms, prices as decimal text). */
export interface BusCandle {
  symbol: string;
  interval: string;
  startTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  source: string;
}

/** Its row in the candles table. */
export function candleRowOf(c: BusCandle): NewCandle {
  return {
    symbol: c.symbol,
    interval: c.interval,
    open_time: new Date(c.startTime),
    close_time: new Date(c.closeTime),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    source: c.source,
  };
}

/** NUMERIC(38,18) comes back as "23143.820000000000000000": the text without the scale's zeros, "23143.82". */
export function numericText(value: unknown): string {
  const s = String(value);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A stored candle as the bus carries it: the inverse of candleRowOf. */
export function candleOfRow(row: CandleRow): BusCandle {
  return {
    symbol: row.symbol,
    interval: row.interval,
    startTime: new Date(row.open_time).getTime(),
    closeTime: new Date(row.close_time).getTime(),
    open: numericText(row.open),
    high: numericText(row.high),
    low: numericText(row.low),
    close: numericText(row.close),
    volume: numericText(row.volume),
    source: row.source,
  };
}

/** The candles of `symbol` opening after `after` and no later than `through`, oldest first (at most `limit`). */
export async function candlesAfter(
  db: DbOrTx,
  symbol: string,
  interval: string,
  after: Date,
  opts: { through?: Date; limit?: number } = {},
): Promise<CandleRow[]> {
  let q = db
    .selectFrom('candles')
    .selectAll()
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .where('open_time', '>', after);
  if (opts.through) q = q.where('open_time', '<=', opts.through);
  return q
    .orderBy('open_time')
    .limit(opts.limit ?? 10_000)
    .execute();
}

/** True once a candle of `symbol` opening at or after `from` is stored (the gateway stores in order, so every earlier one is too). */
export async function hasCandleFrom(db: DbOrTx, symbol: string, interval: string, from: Date): Promise<boolean> {
  const row = await db
    .selectFrom('candles')
    .select('open_time')
    .where('symbol', '=', symbol)
    .where('interval', '=', interval)
    .where('open_time', '>=', from)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
