import { SlidingWindow } from './sliding-window.js';

export interface BollingerValue {
  /** The simple moving average of the last `period` closes. */
  middle: number;
  upper: number;
  lower: number;
  /** Population standard deviation (divides by `period`, as Bollinger defines the bands). */
  stdDev: number;
}

/**
 * Bollinger Bands: middle = SMA(period), bands = middle ± multiplier · σ, where σ is the population
 * standard deviation of the same closes. O(1) per close (see SlidingWindow); on a flat window σ is
 * exactly 0 and the three bands equal the close.
 */
export class BollingerBands {
  private readonly window: SlidingWindow;
  value: BollingerValue | undefined;

  constructor(
    readonly period: number,
    readonly multiplier: number,
  ) {
    this.window = new SlidingWindow(period);
  }

  /** Feeds the next close; returns the bands once `period` closes have been seen. */
  update(close: number): BollingerValue | undefined {
    this.window.push(close);
    if (!this.window.full) return (this.value = undefined);
    const middle = this.window.mean();
    const stdDev = Math.sqrt(this.window.variance());
    const width = this.multiplier * stdDev;
    return (this.value = { middle, upper: middle + width, lower: middle - width, stdDev });
  }
}
