import { setTimeout as sleep } from 'node:timers/promises';
import { NetworkError, type Exchange } from 'ccxt';
import { storedCandleRuns, upsertCandles, type Db, type NewCandle } from '@roottrading/db';
import { GapLog, holesBetween, iso, type Hole } from './ranges.js';
import { DownloadError, ExchangeDataError } from './errors.js';
import { checkPage, type CheckedCandle } from './validate.js';

/** One symbol's download: open times in [from, end), `end` already clipped to the closed candles. */
export interface SymbolJob {
  exchange: Exchange;
  db: Db;
  symbol: string;
  interval: string;
  intervalMs: number;
  from: number;
  end: number;
  /** Candles asked for per request (binance answers at most 1000). */
  pageSize: number;
  /** The first wait before asking again after a network failure (a timeout, a 5xx, a 429); it doubles each time. */
  retryDelayMs: number;
  /** The candles table's `source` column, e.g. "ccxt:binance" (what the gateway stores live candles as). */
  source: string;
  /** Candle times covered so far (fetched, or found missing at the exchange) out of those not stored at the start. */
  onProgress?: (done: number, total: number) => void;
}

export interface SymbolResult {
  symbol: string;
  written: number;
  /** Open times of the first and last candle written by this run. */
  first?: number;
  last?: number;
  gaps: GapLog;
}

/**
 * Fetches what the candles table lacks in the range, oldest first, page by page, and upserts each
 * page once it is checked whole. Gaps the exchange leaves between two candles (fetched or stored)
 * are logged, never filled.
 */
export async function downloadSymbol(job: SymbolJob): Promise<SymbolResult> {
  const { db, symbol, interval, intervalMs } = job;
  const runs = await storedCandleRuns(db, symbol, interval, intervalMs, new Date(job.from), new Date(job.end));
  const stored = runs.map((r) => ({ first: r.first.getTime(), last: r.last.getTime() }));
  const holes = holesBetween(stored, job.from, job.end, intervalMs);
  const total = holes.reduce((n, h) => n + (h.to - h.from) / intervalMs, 0);
  const result: SymbolResult = { symbol, written: 0, gaps: new GapLog(intervalMs) };
  let before = 0;
  for (const hole of holes) {
    await fillHole(job, hole, result, (covered) => job.onProgress?.(before + covered, total));
    before += (hole.to - hole.from) / intervalMs;
    job.onProgress?.(before, total);
  }
  return result;
}

async function fillHole(job: SymbolJob, hole: Hole, result: SymbolResult, progress: (covered: number) => void) {
  const { intervalMs } = job;
  let previous = hole.storedBefore ? hole.from - intervalMs : undefined;
  let since = hole.from;
  while (since < hole.to) {
    const page = await fetchPage(job, since, hole.to, previous);
    if (page.length === 0) break;
    for (const candle of page) {
      if (previous !== undefined) result.gaps.between(previous, candle.t);
      previous = candle.t;
    }
    await upsertCandles(
      job.db,
      page.map((c) => rowOf(job, c)),
    );
    result.written += page.length;
    result.first ??= page[0]!.t;
    result.last = page.at(-1)!.t;
    since = result.last + intervalMs;
    progress((since - hole.from) / intervalMs);
  }
  // A hole that ends on a stored candle: what the exchange lacks up to it is a gap too.
  if (hole.storedAfter && previous !== undefined) result.gaps.between(previous, hole.to);
}

async function fetchPage(
  job: SymbolJob,
  since: number,
  until: number,
  after: number | undefined,
): Promise<CheckedCandle[]> {
  const rows = await fetchRows(job, since, until);
  try {
    return checkPage(rows, { ...job, since, until, after });
  } catch (err) {
    if (!(err instanceof ExchangeDataError)) throw err;
    throw new ExchangeDataError(
      `${err.message} (from ${job.exchange.id}; nothing of its page from ${iso(since)} was written)`,
    );
  }
}

/** Attempts at one page before a network failure ends the run (resumable: a rerun starts at this page). */
const ATTEMPTS = 5;

async function fetchRows(job: SymbolJob, since: number, until: number): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      // `until` is inclusive in ccxt (binance's endTime): the last open time wanted.
      return await job.exchange.fetchOHLCV(job.symbol, job.interval, since, job.pageSize, { until: until - 1 });
    } catch (err) {
      if (!(err instanceof NetworkError) || attempt === ATTEMPTS) {
        const what = `${job.exchange.id} ${job.symbol} ${job.interval} candles from ${iso(since)}`;
        const tries = attempt > 1 ? ` (${attempt} attempts)` : '';
        throw new DownloadError(`fetching ${what}${tries}: ${(err as Error).message}`, { cause: err });
      }
      await sleep(job.retryDelayMs * 2 ** (attempt - 1));
    }
  }
}

function rowOf(job: SymbolJob, c: CheckedCandle): NewCandle {
  return {
    symbol: job.symbol,
    interval: job.interval,
    open_time: new Date(c.t),
    close_time: new Date(c.t + job.intervalMs - 1),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    source: job.source,
  };
}
