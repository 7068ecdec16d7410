import { describe, expect, it } from '@jest/globals';
import { ATR } from 'technicalindicators';
import { realBars, textbookAtr } from '../test-support/reference.js';
import { AverageTrueRange, type Range } from './atr.js';

const flat = (price: number, n: number): Range[] =>
  Array.from({ length: n }, () => ({ high: price, low: price, close: price }));

describe('AverageTrueRange', () => {
  it('has its first value after period + 1 candles: the mean of the first true ranges', () => {
    const atr = new AverageTrueRange(2);
    expect(atr.update({ high: 10.5, low: 9.5, close: 10 })).toBeUndefined();
    // TR = max(1.5, |10 − 10|, |8.5 − 10|) = 1.5
    expect(atr.update({ high: 10, low: 8.5, close: 9 })).toBeUndefined();
    // TR = max(0.5, |8.5 − 9|, |8 − 9|) = 1 (a gap down: the previous close counts) → ATR (1.5 + 1) / 2
    expect(atr.update({ high: 8.5, low: 8, close: 8.25 })).toBe(1.25);
    // TR = max(1, |13 − 8.25|, |12 − 8.25|) = 4.75 (a gap up) → ATR (1.25 · 1 + 4.75) / 2
    expect(atr.update({ high: 13, low: 12, close: 12.5 })).toBe(3);
  });

  it.each([14, 5])('matches the textbook Wilder ATR(%i) over every real BTC/USDC candle', (period) => {
    const bars = realBars();
    const expected = textbookAtr(bars, period);
    // An independent implementation as a second witness (its seed SMA, with no rounding set).
    const library = ATR.calculate({
      period,
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
    });
    const atr = new AverageTrueRange(period);
    let worst = 0;
    let compared = 0;
    bars.forEach((bar, i) => {
      const got = atr.update(bar);
      const want = expected[i];
      if (want === undefined) {
        expect(got).toBeUndefined();
        return;
      }
      expect(Number.isFinite(got)).toBe(true);
      const lib = library[i - period]!;
      worst = Math.max(worst, Math.abs(got! - want) / Math.max(want, 1), Math.abs(got! - lib) / Math.max(lib, 1));
      compared++;
    });
    expect(library).toHaveLength(bars.length - period);
    expect(compared).toBe(bars.length - period);
    expect(worst).toBeLessThan(1e-9);
  });

  it('is exactly 0 over a flat run from the start, never NaN', () => {
    const atr = new AverageTrueRange(14);
    const values = flat(23_152.65, 60).map((b) => atr.update(b));
    expect(values.slice(0, 14).every((v) => v === undefined)).toBe(true);
    expect(values.slice(14).every((v) => v === 0)).toBe(true);
  });

  it('decays towards 0 through a flat run after movement, staying finite and positive', () => {
    const atr = new AverageTrueRange(3);
    [
      { high: 11, low: 9, close: 10 },
      { high: 12, low: 10, close: 11 },
      { high: 11.5, low: 10.5, close: 11 },
      { high: 11, low: 10, close: 10.5 },
    ].forEach((b) => atr.update(b));
    const before = atr.value!;
    const values = flat(10.5, 200).map((b) => atr.update(b)!);
    expect(values[0]).toBeCloseTo((before * 2) / 3, 12);
    expect(values.every((v, i) => Number.isFinite(v) && v > 0 && v < (i === 0 ? before : values[i - 1]!))).toBe(true);
  });
});
