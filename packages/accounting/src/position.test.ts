import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec, floorToStep, roundToTick, sum, toPlain, type Decimal } from './decimal.js';
import { applyFill, averagePrice, EMPTY_HOLDING, type Holding } from './position.js';
import { FLAT_LIFE, recordTrade } from './position-life.js';
import { balanceDeltas, type FeeAsset } from './trade.js';

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

  it('keeps, per quote currency, cash + positions at cost = starting cash + gross realized PnL − fees, exactly, with fees in base or quote', () => {
    const SYMBOLS = [
      { base: 'BTC', quote: 'USDC' },
      { base: 'ETH', quote: 'USDC' },
      { base: 'BTC', quote: 'USDT' },
    ] as const;
    const START = dec('1000000');
    const STEP = dec('0.00001');
    const fill = fc.record({
      market: fc.integer({ min: 0, max: SYMBOLS.length - 1 }),
      buy: fc.boolean(),
      qty: fc.integer({ min: 1, max: 100_000 }), // in steps of 0.00001
      price: fc.integer({ min: 1, max: 10_000_000 }), // in ticks of 0.01
      feeAsset: fc.constantFrom<FeeAsset>('base', 'quote'),
      feeBps: fc.integer({ min: 0, max: 100 }), // 0 to 1 %
      writeOffDust: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 80 }), (fills) => {
        const cash = new Map<string, Decimal>([
          ['USDC', START],
          ['USDT', START],
        ]);
        const coins = new Map<string, Decimal>();
        const lives = SYMBOLS.map(() => FLAT_LIFE);
        const realized = new Map<string, Decimal>();
        const fees = new Map<string, Decimal>();
        const writtenOff = new Map<string, Decimal>();
        const add = (m: Map<string, Decimal>, k: string, v: Decimal) => m.set(k, (m.get(k) ?? dec(0)).plus(v));
        let t = 0;
        for (const f of fills) {
          const { base, quote } = SYMBOLS[f.market]!;
          const life = lives[f.market]!;
          const held = life.holding.quantity;
          const price = dec(f.price).div(100);
          const rate = dec(f.feeBps).div(10_000);
          const round8 = (v: Decimal) => v.toDecimalPlaces(8);
          let qty = dec(f.qty).mul(STEP);
          let fee: Decimal;
          if (f.buy) {
            fee = f.feeAsset === 'base' ? round8(qty.mul(rate)) : round8(qty.mul(price).mul(rate));
          } else {
            if (held.isZero()) continue;
            if (qty.gt(held)) qty = held;
            fee = f.feeAsset === 'base' ? round8(qty.mul(rate)) : round8(qty.mul(price).mul(rate));
            // A base fee on a sell comes on top of the quantity sold: keep the two within the holding.
            if (f.feeAsset === 'base' && qty.plus(fee).gt(held)) {
              fee = round8(held.mul(rate));
              qty = held.minus(fee);
              if (qty.lte(0)) continue;
            }
          }
          const trade = {
            side: f.buy ? ('BUY' as const) : ('SELL' as const),
            quantity: qty,
            price,
            fee,
            feeAsset: f.feeAsset,
          };
          // As the executor does: a buy the cash cannot pay for is refused.
          if (cash.get(quote)!.plus(balanceDeltas(trade).quote).isNegative()) continue;
          const update = recordTrade(life, trade, new Date(t++), f.writeOffDust ? { dustBelow: STEP } : {});
          lives[f.market] = update.life;
          add(cash, quote, update.effect.balances.quote);
          add(coins, base, update.effect.balances.base);
          add(fees, quote, update.effect.feeQuote);
          if (update.realized) add(realized, quote, update.realized);
          if (update.writtenOff) add(writtenOff, base, update.writtenOff.quantity);
          if (update.closed)
            expect(update.closed.netPnl.eq(update.closed.grossPnl.minus(update.closed.fees))).toBe(true);

          for (const l of lives) {
            expect(l.holding.quantity.isNegative()).toBe(false);
            expect(l.holding.cost.isNegative()).toBe(false);
          }
          for (const amount of [...cash.values(), ...coins.values()]) expect(amount.isNegative()).toBe(false);
        }
        for (const quote of ['USDC', 'USDT']) {
          const atCost = sum(lives.filter((_, i) => SYMBOLS[i]!.quote === quote).map((l) => l.holding.cost));
          const expected = START.plus(realized.get(quote) ?? 0).minus(fees.get(quote) ?? 0);
          expect(cash.get(quote)!.plus(atCost).eq(expected)).toBe(true);
        }
        // Every coin is in a position, or is a written-off remainder still on the balance.
        for (const base of ['BTC', 'ETH']) {
          const inPositions = sum(lives.filter((_, i) => SYMBOLS[i]!.base === base).map((l) => l.holding.quantity));
          expect((coins.get(base) ?? dec(0)).eq(inPositions.plus(writtenOff.get(base) ?? 0))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
