import { ExponentialMovingAverage } from './ema.js';

export interface MacdValue {
  /** EMA(fast) − EMA(slow). */
  macd: number;
  /** EMA(signal) of the MACD line; undefined until `signal` MACD values exist. */
  signal: number | undefined;
  /** macd − signal. */
  histogram: number | undefined;
}

/**
 * Moving Average Convergence/Divergence (Appel), O(1) per close: the MACD line from the first close
 * the slow EMA exists (both EMAs run from the first close, each seeded by its SMA), the signal line an
 * EMA of the MACD line seeded by the mean of its first `signal` values — TTR's MACD(percent = FALSE).
 */
export class MovingAverageConvergenceDivergence {
  private readonly fast: ExponentialMovingAverage;
  private readonly slow: ExponentialMovingAverage;
  private readonly signal: ExponentialMovingAverage;
  value: MacdValue | undefined;

  constructor(fast: number, slow: number, signal: number) {
    if (!(fast < slow)) throw new RangeError(`MACD fast period must be below the slow one (got ${fast} and ${slow})`);
    this.fast = new ExponentialMovingAverage(fast);
    this.slow = new ExponentialMovingAverage(slow);
    this.signal = new ExponentialMovingAverage(signal);
  }

  update(close: number): MacdValue | undefined {
    const f = this.fast.update(close);
    const s = this.slow.update(close);
    if (f === undefined || s === undefined) return undefined;
    const macd = f - s;
    const signal = this.signal.update(macd);
    return (this.value = { macd, signal, histogram: signal === undefined ? undefined : macd - signal });
  }
}
