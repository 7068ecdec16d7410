import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec, floorToStep, roundToTick, sum, toPlain, type Decimal } from './decimal.js';
import { applyFill, averagePrice, EMPTY_HOLDING, type Holding } from './position.js';

describe('average cost', () => {
  it('averages buys at different prices and realizes PnL on a partial sell (hand computed)', () => {
    let h: Holding = EMPTY_HOLDING;
    h = applyFill(h, 'BUY', dec('0.002'), dec('20000')).holding; // cost 40
    h = applyFill(h, 'BUY', dec('0.001'), dec('23000')).holding; // cost 63, avg 21000
    expect(toPlain(averagePrice(h)!)).toBe('21000');
    const sell = applyFill(h, 'SELL', dec('0.0015'), dec('22000'));
    // proceeds 33, cost removed 63 × 0.0015 / 0.003 = 31.5 → realized 1.5
    expect(toPlain(sell.realized!)).toBe('1.5');
    expect(toPlain(sell.holding.quantity)).toBe('0.0015');
    expect(toPlain(sell.holding.cost)).toBe('31.5');
    const close = applyFill(sell.holding, 'SELL', dec('0.0015'), dec('20000'));
    expect(toPlain(close.realized!)).toBe('-1.5');
    expect(close.holding.quantity.isZero() && close.holding.cost.isZero()).toBe(true);
  });

  it('refuses to sell more than is held', () => {
    expect(() => applyFill(EMPTY_HOLDING, 'SELL', dec('0.001'), dec('1'))).toThrow(RangeError);
  });

  it('rounds quantities down to the step and prices to the tick', () => {
    expect(toPlain(floorToStep('0.0012345', '0.00001'))).toBe('0.00123');
    expect(toPlain(roundToTick('23152.655', '0.01'))).toBe('23152.66');
    expect(toPlain(roundToTick('23152.645', '0.01'))).toBe('23152.64');
  });

  it('keeps cash + cost basis = starting cash + realized PnL, exactly, for any fills', () => {
    const fill = fc.record({
      buy: fc.boolean(),
      qty: fc.integer({ min: 1, max: 100_000 }), // in steps of 0.00001
      price: fc.integer({ min: 1, max: 10_000_000 }), // in ticks of 0.01
    });
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 60 }), (fills) => {
        let cash: Decimal = dec('1000000');
        let h: Holding = EMPTY_HOLDING;
        const realized: Decimal[] = [];
        for (const f of fills) {
          let qty = dec(f.qty).div(100_000);
          const price = dec(f.price).div(100);
          if (!f.buy) {
            if (h.quantity.isZero()) continue;
            if (qty.gt(h.quantity)) qty = h.quantity;
          }
          const effect = applyFill(h, f.buy ? 'BUY' : 'SELL', qty, price);
          cash = f.buy ? cash.minus(qty.mul(price)) : cash.plus(qty.mul(price));
          if (effect.realized) realized.push(effect.realized);
          h = effect.holding;
          expect(h.quantity.isNegative()).toBe(false);
          expect(h.cost.isNegative()).toBe(false);
        }
        expect(cash.plus(h.cost).eq(dec('1000000').plus(sum(realized)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
