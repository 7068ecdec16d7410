import { AverageTrueRange, type Range } from './atr.js';

export interface SupertrendValue {
  /** The line: the lower band in an uptrend, the upper band in a downtrend. */
  value: number;
  /** 1 up, −1 down. */
  direction: 1 | -1;
  upper: number;
  lower: number;
}

/**
 * Supertrend (Olivier Seban) as TradingView defines it, O(1) per bar. With hl2 = (high + low) / 2
 * and Wilder's ATR(period):
 * - lower = hl2 − m·ATR, raised to the previous lower while the previous close stayed above it;
 * - upper = hl2 + m·ATR, lowered to the previous upper while the previous close stayed below it;
 * - the trend starts up, turns down when a close falls under the previous lower band and up when one
 *   rises over the previous upper band.
 * On a flat run the ATR decays towards 0 and both bands close in on the price without crossing it,
 * so the trend never flips there.
 */
export class Supertrend {
  private readonly atr: AverageTrueRange;
  private previousClose = Number.NaN;
  value: SupertrendValue | undefined;

  constructor(
    readonly period: number,
    readonly multiplier: number,
  ) {
    if (!(multiplier > 0)) throw new RangeError(`Supertrend multiplier must be above 0 (got ${multiplier})`);
    this.atr = new AverageTrueRange(period);
  }

  update(bar: Range): SupertrendValue | undefined {
    const atr = this.atr.update(bar);
    const previousClose = this.previousClose;
    this.previousClose = bar.close;
    if (atr === undefined) return undefined;
    const hl2 = (bar.high + bar.low) / 2;
    let lower = hl2 - this.multiplier * atr;
    let upper = hl2 + this.multiplier * atr;
    const before = this.value;
    let direction: 1 | -1 = 1;
    if (before !== undefined) {
      if (previousClose > before.lower) lower = Math.max(lower, before.lower);
      if (previousClose < before.upper) upper = Math.min(upper, before.upper);
      direction = before.direction;
      if (direction === -1 && bar.close > before.upper) direction = 1;
      else if (direction === 1 && bar.close < before.lower) direction = -1;
    }
    return (this.value = { value: direction === 1 ? lower : upper, direction, upper, lower });
  }
}
