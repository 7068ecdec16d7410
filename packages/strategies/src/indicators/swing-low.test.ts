import { describe, expect, it } from '@jest/globals';
import { realBars } from '../test-support/reference.js';
import { SwingLows } from './swing-low.js';

/** Textbook: bar i is a swing low when its low is < the n before it and ≤ the n after it. */
function textbookSwings(lows: number[], n: number): number[] {
  const out: number[] = [];
  for (let i = n; i + n < lows.length; i++) {
    const left = lows.slice(i - n, i);
    const right = lows.slice(i + 1, i + n + 1);
    if (left.every((l) => l > lows[i]!) && right.every((r) => r >= lows[i]!)) out.push(i);
  }
  return out;
}

describe('SwingLows', () => {
  it('confirms a swing low `strength` bars after it, with the tag of its bar', () => {
    const swings = new SwingLows<string>(2);
    const lows = [5, 4, 3, 4, 3, 6, 7];
    const found = lows.map((low, i) => swings.update(low, `bar ${i}`));
    // idx2 (3) is under 5, 4 and at or under 4, 3: confirmed at idx4. idx4 (3) ties idx2 on its left.
    expect(found).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      { barsAgo: 2, low: 3, tag: 'bar 2' },
      undefined,
      undefined,
    ]);
  });

  it('finds none on a flat run', () => {
    const swings = new SwingLows<number>(3);
    expect(Array.from({ length: 50 }, (_, i) => swings.update(0.3, i)).every((s) => s === undefined)).toBe(true);
  });

  it.each([1, 3, 5])('matches the textbook swing lows (strength %i) over every real BTC/USDC candle', (n) => {
    const lows = realBars().map((b) => b.low);
    const swings = new SwingLows<number>(n);
    const got = lows.flatMap((low, i) => {
      const s = swings.update(low, i);
      return s ? [s.tag] : [];
    });
    const want = textbookSwings(lows, n);
    expect(want.length).toBeGreaterThan(100);
    expect(got).toEqual(want);
  });
});
