import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec } from '@roottrading/accounting';
import { plainDigits } from '../candles/decimal-text.js';
import { TextCandle } from './text-candle.js';

const text = { open: '23140.48', high: '23150.77', low: '23128.52', close: '23142.31' };

describe('TextCandle', () => {
  it('reads the exact prices of its text, the same Decimal each time', () => {
    const c = new TextCandle('BTC/USDC', 0, 59_999, text);
    expect(c.floats).toEqual({ open: 23140.48, high: 23150.77, low: 23128.52, close: 23142.31, distinct: true });
    for (const name of ['open', 'high', 'low', 'close'] as const) {
      expect(c[name].eq(dec(text[name]))).toBe(true);
      expect(c[name]).toBe(c[name]);
    }
  });

  it('parses text that is not a plain decimal at once, so garbage throws where it always did', () => {
    expect(() => new TextCandle('BTC/USDC', 0, 59_999, { ...text, low: 'abc' })).toThrow();
    expect(new TextCandle('BTC/USDC', 0, 59_999, { ...text, high: '2.315077e4' }).high.toFixed()).toBe('23150.77');
  });

  it('counts significant digits, and calls prices of at most 15 distinct by their doubles', () => {
    expect(['0', '0.000', '23142.31', '0.00123', '-0.00123', '100.50', '007.0'].map(plainDigits)).toEqual([
      0, 0, 7, 3, 3, 5, 2,
    ]);
    expect(['1.', '.5', '1e5', '-', ''].map(plainDigits)).toEqual([-1, -1, -1, -1, -1]);
    expect(new TextCandle('BTC/USDC', 0, 59_999, text).floats.distinct).toBe(true);
    const long = new TextCandle('BTC/USDC', 0, 59_999, { ...text, close: '23142.3100000000001' });
    expect(long.floats.distinct).toBeUndefined();
  });

  it('gives equal doubles exactly for equal prices when each has at most 15 significant digits', () => {
    const fifteen = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 20 }))
      .map(([units, scale]) => {
        const digits = units.toString().padStart(scale + 1, '0');
        return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      });
    fc.assert(
      fc.property(fifteen, fc.integer({ min: -3, max: 3 }), (a, delta) => {
        // A neighbour of a in its last digit, or a itself: the closest pairs there are.
        const [whole, fraction = ''] = a.split('.');
        const units = BigInt(whole + fraction) + BigInt(delta);
        if (units <= 0n || units >= 10n ** 15n) return;
        const digits = units.toString().padStart(fraction.length + 1, '0');
        const b =
          fraction.length === 0 ? digits : `${digits.slice(0, -fraction.length)}.${digits.slice(-fraction.length)}`;
        expect(plainDigits(b)).toBeLessThanOrEqual(15);
        expect(Number(a) === Number(b)).toBe(dec(a).eq(dec(b)));
      }),
      { numRuns: 5_000 },
    );
  });
});
