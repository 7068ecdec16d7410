import { addDecimals, compareDecimals } from '../../format/decimal';

/** A candle as the chart takes it: open time in ms, prices as the API's decimal strings. */
export interface ChartCandle {
  startTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** A bar on the chart; `forming` while its period is not over (drawn apart, never taken for closed). */
export interface ChartBar extends ChartCandle {
  forming?: boolean;
}

const byStart = (a: ChartCandle, b: ChartCandle) => a.startTime - b.startTime;

/**
 * An older page of history joined to the bars already held: one bar per open time, oldest first.
 * Where both have a bar, the one held wins (it may have been updated live since that page was read).
 */
export function mergeOlder<C extends ChartCandle>(held: readonly C[], older: readonly C[]): C[] {
  const starts = new Set(held.map((c) => c.startTime));
  return [...older.filter((c) => !starts.has(c.startTime)), ...held].sort(byStart);
}

/** How many bars of `before` are now to the left of its first bar in `after`: the view shifts by as many. */
export function prependedCount(before: readonly ChartCandle[], after: readonly ChartCandle[]): number {
  const first = before[0]?.startTime;
  if (first === undefined) return 0;
  let n = 0;
  while (n < after.length && after[n]!.startTime < first) n++;
  return n;
}

/**
 * Bars of `timeframeMs` built from base candles (1m) on UTC boundaries, the rule of packages/strategies'
 * TimeframeAggregator: a bar closes with the base candle that ends its period or once a candle of a
 * later period exists; until then it is `forming`. Exact decimals, so a built bar equals the gateway's.
 * Base candles may come in any order and more than once (a tail fetched and the same minutes pushed
 * live): the last copy of an open time counts.
 */
export function buildBars(base: readonly ChartCandle[], baseMs: number, timeframeMs: number): ChartBar[] {
  const unique = new Map<number, ChartCandle>();
  for (const c of base) unique.set(c.startTime, c);
  const sorted = [...unique.values()].sort(byStart);
  const bars: ChartBar[] = [];
  for (const c of sorted) {
    const start = Math.floor(c.startTime / timeframeMs) * timeframeMs;
    const bar = bars.at(-1);
    if (bar && bar.startTime === start) {
      if (compareDecimals(c.high, bar.high) > 0) bar.high = c.high;
      if (compareDecimals(c.low, bar.low) < 0) bar.low = c.low;
      bar.close = c.close;
      bar.volume = addDecimals(bar.volume, c.volume);
    } else {
      if (bar) bar.forming = false; // a later period has begun
      bars.push({ startTime: start, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume });
    }
    bars.at(-1)!.forming = c.startTime + baseMs < start + timeframeMs;
  }
  return bars;
}

/**
 * What live candles add after the history: on the base interval, each candle as it is (every one
 * closed); on a higher timeframe, the bars built from the base candles at hand (a tail read at load
 * and those pushed since) that open after the history's last closed bar — the last one forming.
 */
export function liveBars({
  historyLast,
  base,
  baseMs,
  timeframeMs,
}: {
  /** Open time of the history's newest bar; undefined without history. */
  historyLast: number | undefined;
  base: readonly ChartCandle[];
  baseMs: number;
  timeframeMs: number;
}): ChartBar[] {
  const after = (c: ChartCandle) => historyLast === undefined || c.startTime >= historyLast;
  if (timeframeMs === baseMs) return base.filter(after);
  // A bar the history holds is closed there, built from every base candle; the tail may hold only its end.
  return buildBars(base, baseMs, timeframeMs).filter((b) => historyLast === undefined || b.startTime > historyLast);
}

/**
 * Whether candles were missed between what was loaded and what the live stream still holds: the
 * first pushed candle kept (the store keeps only the newest ones per symbol) opens more than one base
 * interval after the newest loaded one (the history's last bar, or the tail of base candles). The page
 * then loads again rather than draw a bar from part of its minutes or leave a hole in the chart.
 */
export function liveGap(loadedLast: number | undefined, pushedFirst: number | undefined, baseMs: number): boolean {
  return loadedLast !== undefined && pushedFirst !== undefined && pushedFirst > loadedLast + baseMs;
}
