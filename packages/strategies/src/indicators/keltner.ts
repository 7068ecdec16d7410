import { AverageTrueRange, type Range } from './atr.js';
import { ExponentialMovingAverage } from './ema.js';

export interface KeltnerValue {
  upper: number;
  middle: number;
  lower: number;
}

/**
 * Keltner channel as R's TTR draws it (keltnerChannels): the middle an EMA(`period`) of the typical
 * price (high + low + close) / 3, the bands `multiplier` Wilder ATR(`period`)s either side. It has a
 * value from the bar the ATR has one (period + 1 bars). O(1) per bar.
 */
export class KeltnerChannel {
  private readonly ema: ExponentialMovingAverage;
  private readonly atr: AverageTrueRange;
  value: KeltnerValue | undefined;

  constructor(
    readonly period: number,
    readonly multiplier: number,
  ) {
    this.ema = new ExponentialMovingAverage(period);
    this.atr = new AverageTrueRange(period);
  }

  /** The middle line alone: it exists one bar before the bands (TTR gives it from there too). */
  get average(): number | undefined {
    return this.ema.value;
  }

  update(bar: Range): KeltnerValue | undefined {
    const middle = this.ema.update((bar.high + bar.low + bar.close) / 3);
    const atr = this.atr.update(bar);
    if (middle === undefined || atr === undefined) return undefined;
    const width = this.multiplier * atr;
    return (this.value = { upper: middle + width, middle, lower: middle - width });
  }
}
