import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec } from '@roottrading/accounting';
import { atMost, atMostPrice, belowPrice, doubleOf, lessThan, priceAtMost } from './quick-compare.js';

/** Decimal text with up to 20 significant digits: many pairs the doubles cannot tell apart. */
const decimalText = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.integer({ min: 0, max: 18 }))
  .map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  });

describe('comparisons settled by doubles', () => {
  it('always give the exact answer, ties and near-ties included', () => {
    fc.assert(
      fc.property(decimalText, decimalText, fc.boolean(), (a, b, nudge) => {
        // Half the time b is a with one more digit: the doubles are then usually equal.
        const bText = nudge ? `${a}${a.includes('.') ? '' : '.'}00000000000000001` : b;
        const [x, y] = [dec(a), dec(bText)];
        const [xf, yf] = [Number(a), Number(bText)];
        expect(lessThan(x, xf, y, yf)).toBe(x.lt(y));
        expect(lessThan(y, yf, x, xf)).toBe(y.lt(x));
        expect(atMost(x, xf, y, yf)).toBe(x.lte(y));
        expect(atMost(y, yf, x, xf)).toBe(y.lte(x));
        expect(atMost(x, xf, x, xf)).toBe(true);
        expect(lessThan(x, undefined, y, yf)).toBe(x.lt(y));
      }),
      { numRuns: 2_000 },
    );
  });

  it('tells apart prices the doubles cannot', () => {
    const a = dec('0.10000000000000000001');
    const b = dec('0.1');
    expect(Number('0.10000000000000000001')).toBe(Number('0.1'));
    expect(lessThan(b, 0.1, a, Number('0.10000000000000000001'))).toBe(true);
    expect(atMost(a, doubleOf(a), b, doubleOf(b))).toBe(false);
  });

  it('compare with a candle price by name exactly, reading it only when the doubles tie', () => {
    fc.assert(
      fc.property(decimalText, decimalText, fc.boolean(), (a, b, nudge) => {
        const bText = nudge ? `${a}${a.includes('.') ? '' : '.'}00000000000000001` : b;
        const [x, y] = [dec(a), dec(bText)];
        let reads = 0;
        const candle = {
          floats: { open: Number(bText), high: Number(bText), low: Number(bText), close: Number(bText) },
          get open() {
            reads++;
            return y;
          },
          high: y,
          low: y,
        };
        expect(priceAtMost(candle, 'open', x, Number(a))).toBe(y.lte(x));
        expect(atMostPrice(x, Number(a), candle, 'open')).toBe(x.lte(y));
        expect(belowPrice(x, Number(a), candle, 'open')).toBe(x.lt(y));
        expect(belowPrice(x, undefined, candle, 'low')).toBe(x.lt(y));
        expect(reads).toBe(Number(a) === Number(bText) ? 3 : 0);
      }),
      { numRuns: 2_000 },
    );
  });
});
