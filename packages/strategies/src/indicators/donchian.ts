import { RollingExtreme } from './rolling-extreme.js';

export interface DonchianValue {
  upper: number;
  lower: number;
  middle: number;
}

/**
 * Donchian channel over the last `period` bars, the current one included (TTR's DonchianChannel with
 * include.lag = FALSE): the highest high, the lowest low and their midpoint. A strategy breaking out
 * compares a close with the channel of the bars before it. Amortised O(1) per bar.
 */
export class DonchianChannel {
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  value: DonchianValue | undefined;

  constructor(readonly period: number) {
    this.highs = new RollingExtreme(period, 'max');
    this.lows = new RollingExtreme(period, 'min');
  }

  update(bar: { high: number; low: number }): DonchianValue | undefined {
    const upper = this.highs.push(bar.high);
    const lower = this.lows.push(bar.low);
    if (upper === undefined || lower === undefined) return undefined;
    return (this.value = { upper, lower, middle: upper === lower ? upper : (upper + lower) / 2 });
  }
}
