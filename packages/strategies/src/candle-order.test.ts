import { describe, expect, it } from '@jest/globals';
import { classifyCandle } from './candle-order.js';

const M = 60_000;

describe('classifyCandle', () => {
  it.each([
    [undefined, 10 * M, 'next'],
    [10 * M, 11 * M, 'next'],
    [10 * M, 15 * M, 'next'], // a gap is still the next candle
    [10 * M, 10 * M, 'seen'],
    [10 * M, 9 * M, 'seen'], // one candle back: re-sent
    [10 * M, 8 * M, 'new-series'], // more than one back: a replay started over
    [10 * M, 0, 'new-series'],
  ] as const)('last %s, candle %s → %s', (last, start, expected) => {
    expect(classifyCandle(last, start, M)).toBe(expected);
  });
});
