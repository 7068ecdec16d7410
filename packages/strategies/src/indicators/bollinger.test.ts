import { describe, expect, it } from '@jest/globals';
import { readCloses } from '../test-support/market-data.js';
import { BollingerBands } from './bollinger.js';

/**
 * Textbook Bollinger: middle = mean of the window, σ = sqrt(Σ(x − mean)² / N) (population), two
 * passes per window. Deviations are taken from the window's first close (an exact subtraction for
 * prices within a factor of two, and σ does not depend on the origin), so a flat window gives σ = 0.
 */
function textbookBollinger(closes: number[], period: number, k: number) {
  return closes.map((_, i) => {
    if (i < period - 1) return undefined;
    const origin = closes[i - period + 1]!;
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += closes[j]! - origin;
    const meanOffset = sum / period;
    let squares = 0;
    for (let j = i - period + 1; j <= i; j++) squares += (closes[j]! - origin - meanOffset) ** 2;
    const stdDev = Math.sqrt(squares / period);
    const middle = origin + meanOffset;
    return { middle, upper: middle + k * stdDev, lower: middle - k * stdDev, stdDev };
  });
}

const relative = (got: number, want: number, scale = Math.abs(want)) => Math.abs(got - want) / Math.max(scale, 1e-300);

describe('BollingerBands', () => {
  it('uses the population deviation (divides by N)', () => {
    const bands = new BollingerBands(4, 2);
    [2, 4, 4, 4].forEach((c) => bands.update(c));
    [5, 5, 7, 9].forEach((c) => bands.update(c));
    // 2,4,4,4,5,5,7,9 → window 5,5,7,9: mean 6.5, population σ = sqrt(11/4)
    expect(bands.value!.middle).toBe(6.5);
    expect(bands.value!.stdDev).toBeCloseTo(Math.sqrt(11 / 4), 14);
    expect(bands.value!.upper).toBeCloseTo(6.5 + 2 * Math.sqrt(11 / 4), 13);
  });

  it.each([20, 5])('matches the textbook bands (window %i, 2σ) over every real BTC/USDC close', (period) => {
    const closes = readCloses('BTC/USDC');
    const expected = textbookBollinger(closes, period, 2);
    const bands = new BollingerBands(period, 2);
    let worstBand = 0;
    let worstStdDev = 0;
    closes.forEach((close, i) => {
      const got = bands.update(close);
      const want = expected[i];
      if (want === undefined) {
        expect(got).toBeUndefined();
        return;
      }
      worstBand = Math.max(
        worstBand,
        relative(got!.middle, want.middle),
        relative(got!.upper, want.upper),
        relative(got!.lower, want.lower),
      );
      if (want.stdDev === 0) expect(got!.stdDev).toBe(0);
      else worstStdDev = Math.max(worstStdDev, relative(got!.stdDev, want.stdDev));
    });
    expect(worstBand).toBeLessThan(1e-9);
    // σ itself, relative to σ (not to the price): quiet windows have σ of a fraction of a cent.
    expect(worstStdDev).toBeLessThan(1e-9);
  });

  it('gives σ = 0 and bands equal to the close on every real flat window, never NaN', () => {
    const closes = readCloses('BTC/USDC');
    const bands = new BollingerBands(20, 2);
    let run = 0;
    let flatWindows = 0;
    closes.forEach((close, i) => {
      run = i > 0 && close === closes[i - 1] ? run + 1 : 1;
      const value = bands.update(close);
      if (value) {
        expect(Number.isNaN(value.stdDev)).toBe(false);
        expect(value.stdDev).toBeGreaterThanOrEqual(0);
      }
      if (run >= 20) {
        flatWindows++;
        expect(value).toEqual({ middle: close, upper: close, lower: close, stdDev: 0 });
      }
    });
    expect(flatWindows).toBeGreaterThan(100);
  });

  it('keeps full precision after a large move followed by a quiet window', () => {
    const bands = new BollingerBands(4, 2);
    [1e6, 3e6, 5e-3, 7e6, 10.01, 10.02, 10.01, 10.02].forEach((c) => bands.update(c));
    expect(bands.value!.middle).toBeCloseTo(10.015, 12);
    expect(bands.value!.stdDev).toBeCloseTo(0.005, 12);
  });
});
