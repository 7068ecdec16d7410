import { describe, expect, it } from '@jest/globals';
import { expectSeriesClose, realBars } from '../test-support/reference.js';
import { DonchianChannel } from './donchian.js';

/** Textbook channel: max and min over each whole window, scanned afresh. */
function textbookDonchian(bars: { high: number; low: number }[], period: number) {
  return bars.map((_, i) => {
    if (i < period - 1) return undefined;
    const window = bars.slice(i - period + 1, i + 1);
    return { upper: Math.max(...window.map((b) => b.high)), lower: Math.min(...window.map((b) => b.low)) };
  });
}

describe('DonchianChannel', () => {
  it('is the highest high and lowest low of the last `period` bars, current one included', () => {
    const channel = new DonchianChannel(3);
    const bars = [
      { high: 5, low: 1 },
      { high: 7, low: 3 },
      { high: 6, low: 2 },
      { high: 4, low: 3 },
    ];
    expect(bars.map((b) => channel.update(b))).toEqual([
      undefined,
      undefined,
      { upper: 7, lower: 1, middle: 4 },
      { upper: 7, lower: 2, middle: 4.5 },
    ]);
  });

  it.each([20, 55, 1])('matches the textbook Donchian(%i) over every real BTC/USDC candle', (period) => {
    const bars = realBars();
    const channel = new DonchianChannel(period);
    const got = bars.map((b) => channel.update(b));
    const want = textbookDonchian(bars, period);
    expectSeriesClose(
      got.map((v) => v?.upper),
      want.map((v) => v?.upper),
    );
    const compared = expectSeriesClose(
      got.map((v) => v?.lower),
      want.map((v) => v?.lower),
    );
    expect(compared).toBe(bars.length - period + 1);
    expectSeriesClose(
      got.map((v) => v?.middle),
      want.map((v) => v && (v.upper + v.lower) / 2),
    );
  });

  it('has a channel of width 0 with its middle on the price over a flat run', () => {
    const channel = new DonchianChannel(4);
    const values = Array.from({ length: 10 }, () => channel.update({ high: 0.3, low: 0.3 }));
    expect(values.slice(3).every((v) => v?.upper === 0.3 && v.lower === 0.3 && v.middle === 0.3)).toBe(true);
  });
});
