/**
 * Simple moving average over `period` values, O(1) time and O(period) memory per value: a ring
 * buffer and a running sum, summed exactly as technicalindicators' SMA sums (sum − oldest + newest,
 * left to right), so every average is bit for bit the library's. The library's own class is not used:
 * its linked list never lets go of a shifted item (each new head keeps a `prev` link to the old
 * one), so it holds every value it was ever given — a leak in a service that runs for months.
 *
 * A running sum carries a little float dust, so while the last `period` values are all identical
 * the average is returned as that value exactly: two averages over a flat run are then equal, and a
 * strategy comparing them sees no crossing that isn't there.
 */
export class SimpleMovingAverage {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private last = Number.NaN;
  private equalRun = 0;
  value: number | undefined;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`SMA period must be a whole number ≥ 1 (got ${period})`);
    this.ring = new Float64Array(period);
  }

  /** Feeds the next value; returns the average once `period` values have been seen. */
  update(x: number): number | undefined {
    this.equalRun = x === this.last ? this.equalRun + 1 : 1;
    this.last = x;
    let average: number | undefined;
    if (this.count < this.period - 1) {
      this.sum = this.sum + x;
    } else {
      // The first full window drops nothing (the library drops a 0 it seeded its list with).
      const oldest = this.count < this.period ? 0 : this.ring[this.head]!;
      this.sum = this.sum - oldest + x;
      average = this.sum / this.period;
    }
    this.ring[this.head] = x;
    this.head = (this.head + 1) % this.period;
    if (this.count < this.period) this.count++;
    if (average === undefined) return (this.value = undefined);
    return (this.value = this.equalRun >= this.period ? x : average);
  }
}
