/**
 * Candle time: the newest candle close the trader has seen. Replays run it far faster than the
 * wall clock, and everything that belongs to the market's timeline — daily-loss windows, equity
 * snapshots — follows it rather than the wall clock.
 */
export class CandleClock {
  private latest: number | null = null;

  constructor(private readonly snapshotEveryMs: number) {}

  /** The newest candle close time seen (ms), or null before any. */
  get now(): number | null {
    return this.latest;
  }

  /**
   * Moves candle time forward (an older candle does not move it back). True when it crossed a
   * multiple of the snapshot period: time for an equity snapshot.
   */
  advance(closeTime: number): boolean {
    const before = this.latest;
    if (before !== null && closeTime <= before) return false;
    this.latest = closeTime;
    if (before === null) return false;
    return Math.floor(closeTime / this.snapshotEveryMs) > Math.floor(before / this.snapshotEveryMs);
  }
}
