import { SMA } from 'technicalindicators';

/**
 * Simple moving average over `period` values, O(1) per value: the library's running-sum SMA, which
 * keeps full precision (no rounding). A running sum carries a little float dust, so while the last
 * `period` values are all identical the average is returned as that value exactly: two averages over
 * a flat run are then equal, and a strategy comparing them sees no crossing that isn't there.
 */
export class SimpleMovingAverage {
  private readonly sma: SMA;
  private last = Number.NaN;
  private equalRun = 0;
  value: number | undefined;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`SMA period must be a whole number ≥ 1 (got ${period})`);
    this.sma = new SMA({ period, values: [], format: identity });
  }

  /** Feeds the next value; returns the average once `period` values have been seen. */
  update(x: number): number | undefined {
    const average = this.sma.nextValue(x);
    this.equalRun = x === this.last ? this.equalRun + 1 : 1;
    this.last = x;
    if (average === undefined) return (this.value = undefined);
    return (this.value = this.equalRun >= this.period ? x : average);
  }
}

/** The library rounds through a global `precision` setting when one is set; ours never rounds. */
function identity(v: number): number {
  return v;
}
