import { RollingExtreme } from './rolling-extreme.js';

/** A swing low, reported `strength` bars after the bar it is (when it is confirmed). */
export interface SwingLow<T> {
  /** How many bars ago the swing low was: always `strength`. */
  barsAgo: number;
  low: number;
  /** What the caller attached to that bar (an indicator's value then). */
  tag: T;
}

/**
 * Swing lows without look-ahead: a bar is one when its low is under each of the `strength` lows
 * before it and at or under each of the `strength` after it, so it can only be known `strength` bars
 * later. Ties to the left fail, so a flat run has none. Amortised O(1) per bar: the window's minimum
 * comes from a rolling extreme, the left side's from another one read `strength + 1` bars late.
 */
export class SwingLows<T> {
  private readonly window: RollingExtreme;
  private readonly left: RollingExtreme;
  /** The last strength + 2 bars: low, tag, and the minimum of the `strength` lows up to each. */
  private readonly ring: { low: number; tag: T; leftMin: number | undefined }[] = [];
  private count = 0;

  constructor(readonly strength: number) {
    if (!Number.isInteger(strength) || strength < 1)
      throw new RangeError(`swing strength must be a whole number ≥ 1 (got ${strength})`);
    this.window = new RollingExtreme(2 * strength + 1, 'min');
    this.left = new RollingExtreme(strength, 'min');
  }

  /** Feeds a bar's low (with its tag); returns the swing low this bar confirms, if any. */
  update(low: number, tag: T): SwingLow<T> | undefined {
    const n = this.strength;
    const windowMin = this.window.push(low);
    const size = n + 2;
    this.ring[this.count % size] = { low, tag, leftMin: this.left.push(low) };
    this.count++;
    if (windowMin === undefined) return undefined;
    // The candidate is n bars back; the lows left of it end one bar before it.
    const candidate = this.ring[(this.count - 1 - n) % size]!;
    const before = this.ring[(this.count - 2 - n) % size]!.leftMin;
    if (before === undefined || candidate.low !== windowMin || !(before > candidate.low)) return undefined;
    return { barsAgo: n, low: candidate.low, tag: candidate.tag };
  }
}
