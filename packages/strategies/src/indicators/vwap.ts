/** The part of a bar the VWAP needs. */
export interface VolumeBar {
  startTime: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface VwapValue {
  /** Σ typical price × volume / Σ volume since the session began. */
  vwap: number;
  /** The volume-weighted standard deviation of the typical prices around it (population). */
  stdDev: number;
  /** Σ volume since the session began. */
  volume: number;
}

const DAY_MS = 86_400_000;

/**
 * Session VWAP, reset at each UTC day (or `sessionMs` period) boundary: the typical price
 * (high + low + close) / 3 weighted by volume, O(1) per bar. The VWAP is the textbook ratio of the two
 * running sums itself; the deviation comes from West's weighted update of the sum of squared
 * deviations, which keeps a quiet session's small spread exact where Σ v·tp² / Σ v − VWAP² would
 * cancel away its digits.
 *
 * A bar of volume 0 (no trade, or a minute GAP_FILL=flat made up) changes nothing; until the session
 * has traded there is no value (never a division by zero, never NaN).
 */
export class SessionVwap {
  private session = Number.NaN;
  private sumPv = 0;
  private sumV = 0;
  private mean = 0;
  private m2 = 0;
  value: VwapValue | undefined;

  constructor(readonly sessionMs = DAY_MS) {
    if (!Number.isInteger(sessionMs) || sessionMs < 1)
      throw new RangeError(`session length must be a whole number of ms ≥ 1 (got ${sessionMs})`);
  }

  update(bar: VolumeBar): VwapValue | undefined {
    const session = Math.floor(bar.startTime / this.sessionMs);
    if (session !== this.session) {
      this.session = session;
      this.sumPv = this.sumV = this.mean = this.m2 = 0;
      this.value = undefined;
    }
    const v = bar.volume;
    if (!(v > 0)) return this.value;
    const tp = (bar.high + bar.low + bar.close) / 3;
    this.sumPv += tp * v;
    this.sumV += v;
    const delta = tp - this.mean;
    this.mean += (v / this.sumV) * delta;
    this.m2 += v * delta * (tp - this.mean);
    const variance = this.m2 > 0 ? this.m2 / this.sumV : 0;
    return (this.value = { vwap: this.sumPv / this.sumV, stdDev: Math.sqrt(variance), volume: this.sumV });
  }
}
