import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { TextCandle } from './text-candle.js';

const text = { open: '23140.48', high: '23150.77', low: '23128.52', close: '23142.31' };

describe('TextCandle', () => {
  it('reads the exact prices of its text, the same Decimal each time', () => {
    const c = new TextCandle('BTC/USDC', 0, 59_999, text);
    expect(c.floats).toEqual({ open: 23140.48, high: 23150.77, low: 23128.52, close: 23142.31 });
    for (const name of ['open', 'high', 'low', 'close'] as const) {
      expect(c[name].eq(dec(text[name]))).toBe(true);
      expect(c[name]).toBe(c[name]);
    }
  });

  it('parses text that is not a plain decimal at once, so garbage throws where it always did', () => {
    expect(() => new TextCandle('BTC/USDC', 0, 59_999, { ...text, low: 'abc' })).toThrow();
    expect(new TextCandle('BTC/USDC', 0, 59_999, { ...text, high: '2.315077e4' }).high.toFixed()).toBe('23150.77');
  });
});
