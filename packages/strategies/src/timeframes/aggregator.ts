import { periodStart } from './timeframes.js';

/** A candle's prices and volume in some number type: numbers for strategies, decimal text for the API. */
export interface OhlcvBar<V> {
  startTime: number;
  open: V;
  high: V;
  low: V;
  close: V;
  volume: V;
  /** Made up by GAP_FILL=flat for a missing base candle; on a built bar, every base candle in it was. */
  filled?: boolean;
}

/** The three operations building a bar needs, so the same code serves floats and exact decimals. */
export interface BarMath<V> {
  max(a: V, b: V): V;
  min(a: V, b: V): V;
  add(a: V, b: V): V;
}

export const numberMath: BarMath<number> = { max: Math.max, min: Math.min, add: (a, b) => a + b };

/** A bar of one timeframe, emitted once its period is over. */
export interface ClosedBar<V> {
  timeframeMs: number;
  /** The end of its period (start + timeframe): the moment it closed, whatever candle told us. */
  endTime: number;
  bar: OhlcvBar<V>;
}

/** One timeframe's bar in progress. */
class BarBuilder<V> {
  private current: OhlcvBar<V> | undefined;

  constructor(
    readonly timeframeMs: number,
    private readonly math: BarMath<V>,
  ) {}

  /** Adds a base candle; emits the bar a later period closes, then the bar this candle ends. */
  push(base: OhlcvBar<V>, baseMs: number, out: ClosedBar<V>[]): void {
    const start = periodStart(base.startTime, this.timeframeMs);
    this.closeBefore(start, out);
    const c = this.current;
    if (c === undefined) {
      this.current = { ...base, startTime: start, filled: base.filled === true };
    } else {
      c.high = this.math.max(c.high, base.high);
      c.low = this.math.min(c.low, base.low);
      c.close = base.close;
      c.volume = this.math.add(c.volume, base.volume);
      c.filled = c.filled === true && base.filled === true;
    }
    // The candle that ends the period closes the bar at once: nothing later can belong to it.
    if (base.startTime + baseMs >= start + this.timeframeMs) this.closeBefore(Number.POSITIVE_INFINITY, out);
  }

  /** Emits the bar in progress if its period ends at or before `time`. */
  closeBefore(time: number, out: ClosedBar<V>[]): void {
    const c = this.current;
    if (c === undefined || c.startTime + this.timeframeMs > time) return;
    out.push({ timeframeMs: this.timeframeMs, endTime: c.startTime + this.timeframeMs, bar: c });
    this.current = undefined;
  }
}

/**
 * Builds bars of several timeframes from base candles (1m), on UTC boundaries. Pure and synchronous,
 * O(timeframes) per candle. A bar is emitted only once closed — by the base candle that ends its
 * period, or by the first candle of a later period — never while it may still change (no look-ahead).
 * Boundaries come from the clock, not from counting candles, so missing base candles never shift
 * them: a bar simply holds the candles its period has.
 */
export class TimeframeAggregator<V> {
  private readonly builders: BarBuilder<V>[];
  private lastStart: number | undefined;

  constructor(
    readonly baseMs: number,
    timeframesMs: readonly number[],
    math: BarMath<V>,
  ) {
    for (const tf of timeframesMs) {
      if (!Number.isInteger(tf) || tf < baseMs || tf % baseMs !== 0)
        throw new RangeError(`a timeframe of ${tf} ms is not a whole multiple of the base interval (${baseMs} ms)`);
    }
    const unique = [...new Set(timeframesMs)].sort((a, b) => a - b);
    this.builders = unique.map((tf) => new BarBuilder(tf, math));
  }

  /**
   * Adds the next base candle; returns the bars it closes, by end time, shorter timeframes first.
   * Candles must come in open-time order, each on its own base boundary.
   */
  push(base: OhlcvBar<V>): ClosedBar<V>[] {
    if (base.startTime % this.baseMs !== 0)
      throw new RangeError(`a base candle at ${iso(base.startTime)} is not on a ${this.baseMs} ms boundary`);
    if (this.lastStart !== undefined && base.startTime <= this.lastStart)
      throw new RangeError(`a base candle at ${iso(base.startTime)} after the one at ${iso(this.lastStart)}`);
    this.lastStart = base.startTime;
    const out: ClosedBar<V>[] = [];
    for (const b of this.builders) b.push(base, this.baseMs, out);
    return sortClosed(out);
  }

  /** Closes every bar whose period ends at or before `time` (a later candle exists, but is not added). */
  closeBefore(time: number): ClosedBar<V>[] {
    const out: ClosedBar<V>[] = [];
    for (const b of this.builders) b.closeBefore(time, out);
    return sortClosed(out);
  }
}

function sortClosed<V>(bars: ClosedBar<V>[]): ClosedBar<V>[] {
  return bars.sort((a, b) => a.endTime - b.endTime || a.timeframeMs - b.timeframeMs);
}

const iso = (ms: number) => new Date(ms).toISOString();
