/** The part of a candle the true range needs. */
export interface Range {
  high: number;
  low: number;
  close: number;
}

/**
 * Wilder's Average True Range at full precision, O(1) per candle.
 *
 * True range = max(high − low, |high − previous close|, |low − previous close|), so it exists from the
 * second candle on (as in TA-Lib). The first ATR is the simple mean of the first `period` true ranges
 * (after period + 1 candles); then ATR = (ATR · (period − 1) + TR) / period.
 *
 * Written here rather than taken from technicalindicators: its ATR seeds through an SMA that applies
 * the library's global rounding setting, and this is a dozen lines. A flat market has true ranges of
 * exactly 0, so a flat run from the start gives an ATR of exactly 0 (never NaN); after movement it
 * decays towards 0 as Wilder's smoothing does.
 */
export class AverageTrueRange {
  private previousClose = Number.NaN;
  private seeded = 0;
  private seedSum = 0;
  value: number | undefined;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`ATR period must be a whole number ≥ 1 (got ${period})`);
  }

  /** Feeds the next candle; returns the ATR once `period` true ranges (period + 1 candles) have been seen. */
  update(bar: Range): number | undefined {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    if (Number.isNaN(previous)) return undefined;
    const tr = trueRange(bar, previous);
    if (this.value !== undefined) {
      return (this.value = (this.value * (this.period - 1) + tr) / this.period);
    }
    this.seedSum += tr;
    if (++this.seeded < this.period) return undefined;
    return (this.value = this.seedSum / this.period);
  }
}

export function trueRange(bar: Range, previousClose: number): number {
  return Math.max(bar.high - bar.low, Math.abs(bar.high - previousClose), Math.abs(bar.low - previousClose));
}
