import { SimpleMovingAverage } from './sma.js';

/**
 * Exponential moving average, O(1) per value: α = 2 / (period + 1), seeded with the simple mean of
 * the first `period` values (as TA-Lib and R's TTR do), then EMA += α · (x − EMA).
 *
 * The update is written as a step towards x rather than α·x + (1 − α)·EMA: once the average equals
 * the value, a flat run leaves it exactly there (the step is 0), so two averages over a flat run
 * never drift apart through rounding. The seed comes from the SMA, which is exact on a flat window.
 */
export class ExponentialMovingAverage {
  private seed: SimpleMovingAverage | undefined;
  private readonly alpha: number;
  value: number | undefined;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`EMA period must be a whole number ≥ 1 (got ${period})`);
    this.alpha = 2 / (period + 1);
    this.seed = new SimpleMovingAverage(period);
  }

  /** Feeds the next value; returns the average once `period` values have been seen. */
  update(x: number): number | undefined {
    if (this.value !== undefined) return (this.value += this.alpha * (x - this.value));
    const mean = this.seed!.update(x);
    if (mean === undefined) return undefined;
    // The seed's window is no longer needed: let it go.
    this.seed = undefined;
    return (this.value = mean);
  }
}
