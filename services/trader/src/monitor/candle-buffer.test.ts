import { describe, expect, it } from '@jest/globals';
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
