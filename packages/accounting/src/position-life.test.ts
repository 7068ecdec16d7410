import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from './decimal.js';
import { FLAT_LIFE, recordTrade, type PositionLife } from './position-life.js';
import { applyTrade, balanceDeltas, type FeeAsset } from './trade.js';

const at = (minute: number) => new Date(Date.UTC(2023, 2, 10, 0, minute));
const trade = (side: 'BUY' | 'SELL', quantity: string, price: string, fee: string, feeAsset: FeeAsset) => ({
  side,
  quantity: dec(quantity),
  price: dec(price),
  fee: dec(fee),
  feeAsset,
});
const plain = (life: PositionLife) => ({
  quantity: toPlain(life.holding.quantity),
  cost: toPlain(life.holding.cost),
  entryQuantity: toPlain(life.entryQuantity),
  entryCost: toPlain(life.entryCost),
  exitQuantity: toPlain(life.exitQuantity),
  exitProceeds: toPlain(life.exitProceeds),
  realizedGross: toPlain(life.realizedGross),
  fees: toPlain(life.fees),
});

describe('fees in the quote asset (hand computed)', () => {
  it('averages three buys, then a partial sell realizes gross PnL with fees beside it', () => {
    let life = FLAT_LIFE;
    // 0.002 @ 20000 = 40, fee 0.04; 0.001 @ 23000 = 23, fee 0.023; 0.001 @ 21000 = 21, fee 0.021
    life = recordTrade(life, trade('BUY', '0.002', '20000', '0.04', 'quote'), at(0)).life;
    life = recordTrade(life, trade('BUY', '0.001', '23000', '0.023', 'quote'), at(1)).life;
    life = recordTrade(life, trade('BUY', '0.001', '21000', '0.021', 'quote'), at(2)).life;
    expect(plain(life)).toMatchObject({ quantity: '0.004', cost: '84', fees: '0.084' }); // average 21000
    expect(life.openedAt).toEqual(at(0));

    // sell 0.003 @ 22000 = 66, fee 0.066; cost removed 84 × 0.003 / 0.004 = 63 → gross +3
    const sell = recordTrade(life, trade('SELL', '0.003', '22000', '0.066', 'quote'), at(3));
    expect(toPlain(sell.realized!)).toBe('3');
    expect(toPlain(sell.effect.feeQuote)).toBe('0.066');
    expect(toPlain(sell.effect.balances.quote)).toBe('65.934'); // 66 − 0.066
    expect(toPlain(sell.effect.balances.base)).toBe('-0.003');
    expect(sell.closed).toBeNull();
    expect(plain(sell.life)).toEqual({
      quantity: '0.001',
      cost: '21',
      entryQuantity: '0.004',
      entryCost: '84',
      exitQuantity: '0.003',
      exitProceeds: '66',
      realizedGross: '3',
      fees: '0.15',
    });

    // the rest at 20000: proceeds 20, cost 21 → gross −1; fee 0.02
    const close = recordTrade(sell.life, trade('SELL', '0.001', '20000', '0.02', 'quote'), at(10));
    expect(close.life).toBe(FLAT_LIFE);
    expect(close.closed).not.toBeNull();
    const c = close.closed!;
    expect({
      quantity: toPlain(c.quantity),
      entryPrice: toPlain(c.entryPrice),
      exitPrice: toPlain(c.exitPrice),
      gross: toPlain(c.grossPnl),
      fees: toPlain(c.fees),
      net: toPlain(c.netPnl),
    }).toEqual({ quantity: '0.004', entryPrice: '21000', exitPrice: '21500', gross: '2', fees: '0.17', net: '1.83' });
    expect([c.openedAt, c.closedAt]).toEqual([at(0), at(10)]);
  });
});

describe('fees in the base asset (hand computed)', () => {
  it('receives quantity − fee on a buy, at a cost of what was received', () => {
    // buy 0.002 @ 20000, fee 0.000002 BTC: receive 0.001998, pay 40 USDC; the fee is worth 0.04
    const buy = applyTrade({ quantity: dec(0), cost: dec(0) }, trade('BUY', '0.002', '20000', '0.000002', 'base'));
    expect({
      quantity: toPlain(buy.holding.quantity),
      cost: toPlain(buy.holding.cost),
      feeQuote: toPlain(buy.feeQuote),
      base: toPlain(buy.balances.base),
      quote: toPlain(buy.balances.quote),
    }).toEqual({ quantity: '0.001998', cost: '39.96', feeQuote: '0.04', base: '0.001998', quote: '-40' });
  });

  it('averages two buys with base fees, then a partial sell (fee in the quote) realizes at average cost', () => {
    let life = FLAT_LIFE;
    // 0.002 @ 20000, fee 0.000002 → 0.001998 at cost 39.96, fee worth 0.04
    life = recordTrade(life, trade('BUY', '0.002', '20000', '0.000002', 'base'), at(0)).life;
    // 0.001 @ 26000, fee 0.000001 → 0.000999 at cost 25.974, fee worth 0.026
    life = recordTrade(life, trade('BUY', '0.001', '26000', '0.000001', 'base'), at(1)).life;
    expect(plain(life)).toMatchObject({ quantity: '0.002997', cost: '65.934', fees: '0.066' }); // average 22000

    // sell 0.001997 @ 23000 = 45.931, fee 0.045931 USDC; cost removed 65.934 × 0.001997 / 0.002997 = 43.934
    const sell = recordTrade(life, trade('SELL', '0.001997', '23000', '0.045931', 'quote'), at(2));
    expect(toPlain(sell.realized!)).toBe('1.997'); // 45.931 − 43.934 = 0.001997 × (23000 − 22000)
    expect(plain(sell.life)).toMatchObject({ quantity: '0.001', cost: '22', fees: '0.111931' });
  });

  it('takes a base fee on a sell on top of the quantity sold, at the same books', () => {
    // hold 0.003 at cost 60 (20000); sell 0.001 @ 25000 with 0.000001 BTC fee:
    // the holding gives up 0.001001, proceeds 25 USDC; realized 0.001001 × 25000 − 20.02 = 5.005
    const sell = applyTrade(
      { quantity: dec('0.003'), cost: dec('60') },
      trade('SELL', '0.001', '25000', '0.000001', 'base'),
    );
    expect({
      realized: toPlain(sell.realized!),
      feeQuote: toPlain(sell.feeQuote),
      quantity: toPlain(sell.holding.quantity),
      cost: toPlain(sell.holding.cost),
      quote: toPlain(sell.balances.quote),
    }).toEqual({ realized: '5.005', feeQuote: '0.025', quantity: '0.001999', cost: '39.98', quote: '25' });
    // cash +25, cost −20.02 → +4.98 = realized 5.005 − fee 0.025
  });

  it('writes off a remainder below one step so the position closes (base-fee dust)', () => {
    // a 0.001 buy with a 0.000001 fee holds 0.000999; a full exit can sell only 0.00099 (step 0.00001)
    let life = recordTrade(FLAT_LIFE, trade('BUY', '0.001', '20000', '0.000001', 'base'), at(0)).life;
    expect(toPlain(life.holding.cost)).toBe('19.98');
    const sell = recordTrade(life, trade('SELL', '0.00099', '21000', '0.02079', 'quote'), at(5), {
      dustBelow: dec('0.00001'),
    });
    // sold 0.00099 at cost 19.8 for 20.79 (+0.99); dust 0.000009 at cost 0.18 written off
    expect(sell.writtenOff).toEqual({ quantity: dec('0.000009'), cost: dec('0.18') });
    expect(toPlain(sell.realized!)).toBe('0.81');
    life = sell.life;
    expect(life).toBe(FLAT_LIFE);
    expect(toPlain(sell.closed!.grossPnl)).toBe('0.81');
    expect(toPlain(sell.closed!.fees)).toBe('0.04079'); // 0.02 (0.000001 BTC @ 20000) + 0.02079
    expect(toPlain(sell.closed!.quantity)).toBe('0.000999');
  });

  it('refuses a base fee as large as the quantity bought', () => {
    expect(() => applyTrade({ quantity: dec(0), cost: dec(0) }, trade('BUY', '0.001', '1', '0.001', 'base'))).toThrow(
      RangeError,
    );
    expect(balanceDeltas(trade('SELL', '1', '2', '0.5', 'quote'))).toEqual({ base: dec(-1), quote: dec('1.5') });
  });
});
