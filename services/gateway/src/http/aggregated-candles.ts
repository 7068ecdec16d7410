import type { ChartCandle } from '@roottrading/contracts';
import { candleOfRow, candlesAfter, hasCandleFrom, recentCandles, type Db } from '@roottrading/db';
import { decimalMath, periodStart, TimeframeAggregator, type ClosedBar } from '@roottrading/strategies';

/** Base rows read per query while building bars. */
const PAGE = 10_000;

export interface AggregatedQuery {
  symbol: string;
  /** The stored interval (INTERVAL) and its length. */
  baseInterval: string;
  baseMs: number;
  timeframeMs: number;
  limit: number;
  /** Bars opening before this (exclusive). */
  before: Date | undefined;
}

/** The source of each run of base candles, from the open time where it starts. */
type SourceRuns = { from: number; source: string }[];

/**
 * The newest `limit` closed bars of a higher timeframe, built from the stored base candles through
 * the strategies' own aggregator (so the chart shows the bars a strategy was stepped on). A bar still
 * in progress — its period not over, and no later candle stored — is left out, as a strategy never
 * sees it. Periods without a single stored candle have no bar; the read walks back over them, window
 * by window, until it has `limit` bars or no older candle is stored.
 */
export async function aggregatedCandles(
  db: Db,
  q: AggregatedQuery,
): Promise<{ candles: ChartCandle[]; sources: string[] }> {
  const tf = q.timeframeMs;
  // The bar holding `before` opens before it, so its candles are read up to its end.
  const upTo = q.before === undefined ? undefined : new Date(Math.ceil(q.before.getTime() / tf) * tf);
  let [newest] = await recentCandles(db, q.symbol, q.baseInterval, 1, upTo);
  let bars: ClosedBar<string>[] = [];
  let runs: SourceRuns = [];
  for (let first = true; newest !== undefined && bars.length < q.limit; first = false) {
    const lastStart = periodStart(new Date(newest.open_time).getTime(), tf);
    // The first window holds one bar more than asked: its newest may still be in progress.
    const from = lastStart - (first ? q.limit : q.limit - bars.length - 1) * tf;
    const end = lastStart + tf;
    // An older window's last bar is over: a newer candle is stored. The newest one's is over once a
    // candle after its period is stored, even if the candle ending it is missing.
    const closeLast = !first || (await hasCandleFrom(db, q.symbol, q.baseInterval, new Date(end)));
    const window = await buildWindow(db, q, from, end, closeLast);
    bars = [...window.bars, ...bars];
    runs = [...window.runs, ...runs];
    [newest] = await recentCandles(db, q.symbol, q.baseInterval, 1, new Date(from));
  }
  const kept = bars.slice(-q.limit);
  // The sources of the candles inside the bars served (not of a bar left out, nor of one in progress).
  const firstStart = kept[0]?.bar.startTime ?? Number.POSITIVE_INFINITY;
  const lastEnd = kept.at(-1)?.endTime ?? Number.NEGATIVE_INFINITY;
  const used = runs.filter(
    (run, i) => run.from < lastEnd && (runs[i + 1]?.from ?? Number.POSITIVE_INFINITY) > firstStart,
  );
  return {
    candles: kept.map(({ bar }) => ({
      startTime: bar.startTime,
      closeTime: bar.startTime + tf - 1,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
    })),
    sources: [...new Set(used.map((r) => r.source))],
  };
}

/** The closed bars of the base candles opening in [from, end), read page by page. */
async function buildWindow(
  db: Db,
  q: AggregatedQuery,
  from: number,
  end: number,
  closeLast: boolean,
): Promise<{ bars: ClosedBar<string>[]; runs: SourceRuns }> {
  const aggregator = new TimeframeAggregator(q.baseMs, [q.timeframeMs], decimalMath);
  const bars: ClosedBar<string>[] = [];
  const runs: SourceRuns = [];
  let after = new Date(from - 1);
  for (;;) {
    const rows = await candlesAfter(db, q.symbol, q.baseInterval, after, { through: new Date(end - 1), limit: PAGE });
    for (const row of rows) {
      const c = candleOfRow(row);
      if (runs.at(-1)?.source !== c.source) runs.push({ from: c.startTime, source: c.source });
      bars.push(...aggregator.push(c));
    }
    if (rows.length < PAGE) break;
    after = new Date(rows[rows.length - 1]!.open_time);
  }
  if (closeLast) bars.push(...aggregator.closeBefore(end));
  return { bars, runs };
}
