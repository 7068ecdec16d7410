import { describe, expect, it } from '@jest/globals';
import { CandleClock } from '../prices/candle-clock.js';
import { CandleBuffer } from './candle-buffer.js';

const c = (minute: number, close = '1') => ({
  symbol: 'BTC/USDC',
  startTime: minute * 60_000,
  closeTime: minute * 60_000 + 59_999,
  open: close,
  high: close,
  low: close,
});

describe('candle buffer', () => {
  it('keeps the newest candles in order, replacing a re-sent one', () => {
    const b = new CandleBuffer(3);
    for (const m of [1, 2, 4, 3]) b.add(c(m));
    b.add(c(3, '2'));
    expect(b.between('BTC/USDC', 60_000, Infinity).map((x) => [x.startTime / 60_000, x.open])).toEqual([
      [2, '1'],
      [3, '2'],
      [4, '1'],
    ]);
    b.add(c(5));
    expect(b.oldest('BTC/USDC')?.startTime).toBe(3 * 60_000);
    expect(b.between('BTC/USDC', 3 * 60_000, 4 * 60_000).map((x) => x.startTime)).toEqual([4 * 60_000]);
  });
});

describe('candle clock', () => {
  it('moves forward only and says when it crosses a snapshot boundary', () => {
    const clock = new CandleClock(3_600_000);
    const closeAt = (h: number, m: number) => Date.UTC(2023, 2, 1, h, m, 59, 999);
    expect(clock.advance(closeAt(0, 58))).toBe(false);
    expect(clock.advance(closeAt(0, 59))).toBe(false);
    expect(clock.advance(closeAt(1, 0))).toBe(true);
    expect(clock.advance(closeAt(0, 30))).toBe(false); // an older candle
    expect(clock.now).toBe(closeAt(1, 0));
    expect(clock.advance(closeAt(3, 10))).toBe(true); // two hours at once: one snapshot
  });
});
