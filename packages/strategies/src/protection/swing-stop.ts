import { SwingLows } from '../indicators/swing-low.js';

/**
 * How many base candles back a swing stop looks: the swing low must be one of the last
 * SWING_LOOKBACK candles. Bounded so that the warm-up replayed after a restart sees the same swing
 * lows as an unbroken run (protectionWarmup covers it): the stop never depends on older history.
 */
export const SWING_LOOKBACK = 100;

/**
 * The confirmed swing lows of the last SWING_LOOKBACK base candles, oldest first, for STOP_LOSS=swing.
 * A swing low is known `strength` candles after its own (no look-ahead), so at a BUY the newest one
 * is at least that old.
 */
export class RecentSwingLows {
  private readonly swings: SwingLows<number>;
  private readonly recent: { index: number; low: number }[] = [];
  private count = 0;

  constructor(readonly strength: number) {
    this.swings = new SwingLows<number>(strength);
  }

  update(low: number): void {
    const index = this.count++;
    const swing = this.swings.update(low, index);
    if (swing) this.recent.push({ index: swing.tag, low: swing.low });
    while (this.recent.length > 0 && this.recent[0]!.index <= index - SWING_LOOKBACK) this.recent.shift();
  }

  /** The swing lows still in the window, oldest first. */
  lows(): number[] {
    return this.recent.map((s) => s.low);
  }
}
