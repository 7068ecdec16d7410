import { describe, expect, it } from '@jest/globals';
import type { Range } from './atr.js';
import { expectSeriesClose, realBars, textbookAtr } from '../test-support/reference.js';
import { Supertrend } from './supertrend.js';

/** Textbook Supertrend (TradingView's script) over whole arrays, from the textbook Wilder ATR. */
function textbookSupertrend(bars: Range[], period: number, m: number) {
  const atr = textbookAtr(bars, period);
  const upper: number[] = [];
  const lower: number[] = [];
  const direction: number[] = [];
  const out: ({ value: number; direction: number } | undefined)[] = [];
  bars.forEach((b, i) => {
    if (atr[i] === undefined) return out.push(undefined);
    const hl2 = (b.high + b.low) / 2;
    let up = hl2 - m * atr[i]!;
    let dn = hl2 + m * atr[i]!;
    let trend = 1;
    if (i > period) {
      const pc = bars[i - 1]!.close;
      if (pc > lower[i - 1]!) up = Math.max(up, lower[i - 1]!);
      if (pc < upper[i - 1]!) dn = Math.min(dn, upper[i - 1]!);
      trend = direction[i - 1]!;
      trend = trend === -1 && b.close > upper[i - 1]! ? 1 : trend === 1 && b.close < lower[i - 1]! ? -1 : trend;
    }
    lower[i] = up;
    upper[i] = dn;
    direction[i] = trend;
    return out.push({ value: trend === 1 ? up : dn, direction: trend });
  });
  return out;
}

describe('Supertrend', () => {
  it.each([
    [10, 3],
    [7, 2],
  ])('matches the textbook Supertrend(%i, %i) over every real BTC/USDC candle', (period, m) => {
    const bars = realBars();
    const st = new Supertrend(period, m);
    const got = bars.map((b) => st.update(b));
    const want = textbookSupertrend(bars, period, m);
    const compared = expectSeriesClose(
      got.map((v) => v?.value),
      want.map((v) => v?.value),
    );
    expect(compared).toBe(bars.length - period);
    expect(got.map((v) => v?.direction)).toEqual(want.map((v) => v?.direction));
    // The real series trends both ways.
    expect(new Set(got.map((v) => v?.direction))).toEqual(new Set([undefined, 1, -1]));
  });

  it('turns down under the lower band and up over the upper one', () => {
    const st = new Supertrend(2, 1);
    const bar = (close: number) => ({ high: close + 1, low: close - 1, close });
    const directions = [10, 10, 10, 5, 5, 12].map((c) => st.update(bar(c))?.direction);
    expect(directions).toEqual([undefined, undefined, 1, -1, -1, 1]);
  });

  it('never flips on a flat run, with finite bands', () => {
    const st = new Supertrend(10, 3);
    const values = Array.from({ length: 500 }, () => st.update({ high: 100, low: 100, close: 100 }));
    expect(values.slice(10).every((v) => v?.direction === 1 && v.value === 100 && Number.isFinite(v.upper))).toBe(true);
  });
});
