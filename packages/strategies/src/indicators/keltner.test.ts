import { describe, expect, it } from '@jest/globals';
import { KeltnerChannel } from './keltner.js';

describe('KeltnerChannel', () => {
  it('is the EMA of the typical price ± multiplier × the Wilder ATR, from the ATR’s first value', () => {
    const channel = new KeltnerChannel(2, 2);
    // Typical prices 10, 9, 8.5: EMA(2) seeds 9.5, then 9.5 + ⅔ · (8.5 − 9.5) = 8.833…
    // True ranges max(1.5, |10 − 10|, |8.5 − 10|) = 1.5 and max(1, 0.5, 0.5) = 1: ATR(2) = 1.25.
    expect(channel.update({ high: 11, low: 9, close: 10 })).toBeUndefined();
    expect(channel.update({ high: 10, low: 8.5, close: 8.5 })).toBeUndefined();
    expect(channel.average).toBe(9.5);
    const value = channel.update({ high: 9, low: 8, close: 8.5 })!;
    expect(value.middle).toBeCloseTo(8.5 + 1 / 3, 12);
    expect(value.upper - value.middle).toBe(2.5);
    expect(value.middle - value.lower).toBeCloseTo(2.5, 12);
  });

  it('has bands on the price, exactly, over a flat run', () => {
    const channel = new KeltnerChannel(5, 2);
    const values = Array.from({ length: 50 }, () => channel.update({ high: 0.3, low: 0.3, close: 0.3 }));
    expect(values.slice(5).every((v) => v?.upper === v?.middle && v?.lower === v?.middle)).toBe(true);
    expect(values.slice(0, 5).every((v) => v === undefined)).toBe(true);
  });
});
