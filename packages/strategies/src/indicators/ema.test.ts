import { describe, expect, it } from '@jest/globals';
import { EMA } from 'technicalindicators';
import { readCloses } from '../test-support/market-data.js';
import { expectSeriesClose, textbookEma } from '../test-support/reference.js';
import { ExponentialMovingAverage } from './ema.js';

describe('ExponentialMovingAverage', () => {
  it('is seeded by the mean of the first `period` values, then steps by α = 2 / (period + 1)', () => {
    const ema = new ExponentialMovingAverage(3);
    // seed (1 + 2 + 3) / 3 = 2; then 2 + 0.5 · (6 − 2) = 4; then 4 + 0.5 · (0 − 4) = 2
    expect([1, 2, 3, 6, 0].map((v) => ema.update(v))).toEqual([undefined, undefined, 2, 4, 2]);
  });

  it.each([21, 50, 12, 26])('matches the textbook EMA(%i) over every real BTC/USDC close', (period) => {
    const closes = readCloses('BTC/USDC');
    const ema = new ExponentialMovingAverage(period);
    const got = closes.map((c) => ema.update(c));
    expect(expectSeriesClose(got, textbookEma(closes, period))).toBe(closes.length - period + 1);
    // technicalindicators' EMA as a second witness (seeded the same way; no rounding is set).
    const library = EMA.calculate({ period, values: closes });
    expectSeriesClose(got.slice(period - 1), library);
  });

  it('stays exactly on a flat run, from the start and once it has reached the price', () => {
    const ema = new ExponentialMovingAverage(21);
    const values = Array.from({ length: 100 }, () => ema.update(0.3));
    expect(values.slice(20).every((v) => v === 0.3)).toBe(true);
    const after = new ExponentialMovingAverage(3);
    [1, 5, 2].forEach((v) => after.update(v));
    const tail = Array.from({ length: 2_000 }, () => after.update(7)!);
    expect(tail.every((v, i) => Number.isFinite(v) && v <= 7 && (i === 0 || v >= tail[i - 1]!))).toBe(true);
    expect(tail.at(-1)).toBe(7);
  });

  it('refuses a period that is not a whole number ≥ 1', () => {
    expect(() => new ExponentialMovingAverage(0)).toThrow('EMA period must be a whole number ≥ 1 (got 0)');
  });
});
