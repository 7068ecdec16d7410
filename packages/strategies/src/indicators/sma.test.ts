import { describe, expect, it } from '@jest/globals';
import { SMA } from 'technicalindicators';
import { readCloses } from '../test-support/market-data.js';
import { SimpleMovingAverage } from './sma.js';

/** Textbook SMA: the plain mean of the window, summed afresh for every position. */
function textbookSma(values: number[], period: number): (number | undefined)[] {
  return values.map((_, i) => {
    if (i < period - 1) return undefined;
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += values[j]!;
    return sum / period;
  });
}

describe('SimpleMovingAverage', () => {
  it('has no value until the window is full, then the mean of the last `period` values', () => {
    const sma = new SimpleMovingAverage(3);
    expect([1, 2, 3, 4, 10].map((v) => sma.update(v))).toEqual([undefined, undefined, 2, 3, 17 / 3]);
  });

  it.each([10, 30])('matches the textbook SMA(%i) over every real BTC/USDC close', (period) => {
    const closes = readCloses('BTC/USDC');
    expect(closes).toHaveLength(30_240);
    const expected = textbookSma(closes, period);
    const sma = new SimpleMovingAverage(period);
    let worst = 0;
    closes.forEach((close, i) => {
      const got = sma.update(close);
      const want = expected[i];
      if (want === undefined) {
        expect(got).toBeUndefined();
        return;
      }
      worst = Math.max(worst, Math.abs(got! - want) / Math.abs(want));
    });
    expect(worst).toBeLessThan(1e-9);
  });

  it.each([2, 10, 30])('gives the library SMA(%i)’s very averages, bit for bit, on every real close', (period) => {
    const library = new SMA({ period, values: [], format: (v: number) => v });
    const ours = new SimpleMovingAverage(period);
    let compared = 0;
    let run = 0;
    readCloses('BTC/USDC').forEach((close, i, closes) => {
      run = i > 0 && close === closes[i - 1] ? run + 1 : 1;
      const want = library.nextValue(close);
      const got = ours.update(close);
      // On a flat window ours is the close itself (see below); elsewhere the library's sum exactly.
      if (run < period) {
        expect(got).toBe(want);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(15_000);
  });

  it('is exactly the value on a flat run, whatever dust the running sum carries', () => {
    const sma = new SimpleMovingAverage(3);
    for (const v of [0.1, 0.7, 0.3, 0.3, 0.3]) sma.update(v);
    expect(sma.value).toBe(0.3);
    expect(sma.update(0.3)).toBe(0.3);
  });

  it('equals the close on every real window of identical closes', () => {
    const closes = readCloses('BTC/USDC');
    const sma = new SimpleMovingAverage(10);
    let run = 0;
    let flatWindows = 0;
    closes.forEach((close, i) => {
      run = i > 0 && close === closes[i - 1] ? run + 1 : 1;
      const value = sma.update(close);
      if (run >= 10) {
        flatWindows++;
        expect(value).toBe(close);
      }
    });
    expect(flatWindows).toBeGreaterThan(100);
  });
});
