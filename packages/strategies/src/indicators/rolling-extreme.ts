/**
 * The largest (or smallest) of the last `size` values, amortised O(1) per value: a monotonic deque
 * in a ring of `size` slots holds only the values that can still become the extreme, each pushed and
 * dropped once. Memory stays at `size` however long the series runs.
 */
export class RollingExtreme {
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private head = 0;
  private length = 0;
  private count = 0;

  constructor(
    readonly size: number,
    private readonly kind: 'max' | 'min',
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`window size must be a whole number ≥ 1 (got ${size})`);
    this.values = new Float64Array(size);
    this.positions = new Float64Array(size);
  }

  /** Adds a value; returns the extreme of the last `size` once that many have been added. */
  push(x: number): number | undefined {
    const at = this.count++;
    // Drop what fell out of the window, from the front.
    if (this.length > 0 && this.positions[this.head]! <= at - this.size) {
      this.head = (this.head + 1) % this.size;
      this.length--;
    }
    // Drop from the back whatever x outranks (ties too: the newer one lasts longer).
    while (this.length > 0) {
      const back = (this.head + this.length - 1) % this.size;
      const v = this.values[back]!;
      if (this.kind === 'max' ? v > x : v < x) break;
      this.length--;
    }
    const slot = (this.head + this.length) % this.size;
    this.values[slot] = x;
    this.positions[slot] = at;
    this.length++;
    return this.count >= this.size ? this.values[this.head] : undefined;
  }
}
