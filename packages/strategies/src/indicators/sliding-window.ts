import { DoubleDouble, productError } from './double-double.js';

/**
 * The last `size` values with their mean and population variance, updated in O(1) per value: a
 * ring buffer plus running sums of x and x² kept in double-double precision, so removing a value
 * cancels exactly what adding it contributed and nothing drifts over a long series.
 *
 * It also counts the current run of identical values: once the whole window is one value, the mean
 * is that value and the variance exactly 0 (no dust for a strategy to mistake for a band).
 */
export class SlidingWindow {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private readonly sum = new DoubleDouble();
  private readonly sumOfSquares = new DoubleDouble();
  private readonly scratch = new DoubleDouble();
  private last = Number.NaN;
  private equalRun = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`window size must be a whole number ≥ 1 (got ${size})`);
    this.ring = new Float64Array(size);
  }

  push(x: number): void {
    if (this.count === this.size) {
      const old = this.ring[this.head]!;
      this.sum.add(-old);
      this.sumOfSquares.addSquare(old, -1);
    } else {
      this.count++;
    }
    this.ring[this.head] = x;
    this.head = (this.head + 1) % this.size;
    this.sum.add(x);
    this.sumOfSquares.addSquare(x);
    this.equalRun = x === this.last ? this.equalRun + 1 : 1;
    this.last = x;
  }

  /** True once `size` values have been pushed. */
  get full(): boolean {
    return this.count === this.size;
  }

  /** Every value in the window is the same. */
  get flat(): boolean {
    return this.equalRun >= this.size;
  }

  /** Mean of the values in the window (of those pushed so far until it is full). */
  mean(): number {
    if (this.count === 0) return Number.NaN;
    if (this.flat) return this.last;
    return (this.sum.hi + this.sum.lo) / this.count;
  }

  /** Population variance (divides by the number of values, not n − 1); never negative. */
  variance(): number {
    if (this.count === 0) return Number.NaN;
    if (this.flat) return 0;
    // n·Σx² − (Σx)² in double-double, then one rounding: the cancellation happens at ~106 bits.
    const n = this.count;
    const s = this.sum;
    const q = this.sumOfSquares;
    const d = this.scratch;
    d.reset();
    const nq = n * q.hi;
    d.add(nq, productError(n, q.hi, nq) + n * q.lo);
    const ss = s.hi * s.hi;
    d.add(-ss, -(productError(s.hi, s.hi, ss) + 2 * s.hi * s.lo));
    const variance = (d.hi + d.lo) / (n * n);
    return variance > 0 ? variance : 0;
  }
}
