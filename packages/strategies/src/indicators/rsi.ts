import { AverageGain, AverageLoss } from 'technicalindicators';

/**
 * Wilder's Relative Strength Index at full precision, O(1) per close.
 *
 * The averages come from the library's AverageGain / AverageLoss (Wilder smoothing, seeded with the
 * simple mean of the first `period` changes); its own RSI class rounds to two decimals, which would
 * make threshold crossings jump, so the ratio is computed here: RSI = 100 − 100 / (1 + gain / loss),
 * 100 when there were no losses, 50 when there was no movement at all (never NaN).
 */
export class RelativeStrengthIndex {
  private readonly gain: AverageGain;
  private readonly loss: AverageLoss;
  private previousClose = Number.NaN;
  value: number | undefined;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`RSI period must be a whole number ≥ 1 (got ${period})`);
    this.gain = new AverageGain({ period, values: [], format: identity });
    this.loss = new AverageLoss({ period, values: [], format: identity });
  }

  /** Feeds the next close; returns the RSI once `period` changes (period + 1 closes) have been seen. */
  update(close: number): number | undefined {
    const avgGain = this.gain.nextValue(close);
    const avgLoss = this.loss.nextValue(close);
    const unchanged = close === this.previousClose;
    this.previousClose = close;
    if (avgGain === undefined || avgLoss === undefined) return undefined;
    // An unchanged close scales both averages by the same (period − 1) / period, so their ratio, and
    // the RSI, are exactly what they were; keeping the value avoids float dust on long flat runs.
    if (unchanged && this.value !== undefined) return this.value;
    return (this.value = rsiFromAverages(avgGain, avgLoss));
  }
}

export function rsiFromAverages(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}

/** The library rounds through a global `precision` setting when one is set; ours never rounds. */
function identity(v: number): number {
  return v;
}
