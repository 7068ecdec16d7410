import { DoubleDouble } from './double-double.js';

/**
 * On-balance volume, O(1) per bar: the first bar's volume, then each bar's volume added when its
 * close is above the previous one, subtracted when below, and nothing when equal (as R's TTR does).
 * The running total is kept in double-double so weeks of tiny volumes add up without drift.
 */
export class OnBalanceVolume {
  private readonly total = new DoubleDouble();
  private previousClose = Number.NaN;
  value: number | undefined;

  update(bar: { close: number; volume: number }): number {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    if (Number.isNaN(previous)) this.total.add(bar.volume);
    else if (bar.close > previous) this.total.add(bar.volume);
    else if (bar.close < previous) this.total.add(-bar.volume);
    return (this.value = this.total.hi + this.total.lo);
  }
}
