import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import type { OrderRow } from '@roottrading/db';
import { firstLimitFill, type ReplayedCandle } from '@roottrading/engine';
import { inCandleOrder, type OpenLimit } from './limit-orders.js';

const bar = (symbol: string, startTime: number, open: string, high: string, low: string): ReplayedCandle => ({
  symbol,
  startTime,
  closeTime: startTime + 59_999,
  open,
  high,
  low,
});

describe('firstLimitFill', () => {
  const candles = [
    bar('BTC/USDC', 0, '98', '99', '97'), // through, but not after the order
    bar('BTC/USDC', 60_000, '105', '106', '100.01'),
    bar('BTC/USDC', 120_000, '101', '102', '100'), // first through after it
    bar('BTC/USDC', 180_000, '95', '96', '94'),
  ];
  const at = (side: 'BUY' | 'SELL', price: string, after: number, list = candles) => {
    const hit = firstLimitFill({ side, price: dec(price) }, after, list);
    return hit && { start: hit.candle.startTime, price: toPlain(hit.price), gapped: hit.gapped };
  };

  it('takes the first candle opening after `after` that trades through the price', () => {
    expect(at('BUY', '100', 0)).toEqual({ start: 120_000, price: '100', gapped: false });
    expect(at('BUY', '100', -1)).toEqual({ start: 0, price: '98', gapped: true });
    expect(at('BUY', '100', 120_000)).toEqual({ start: 180_000, price: '95', gapped: true });
    expect(at('SELL', '106', 0)).toEqual({ start: 60_000, price: '106', gapped: false });
  });

  it('is null when none does', () => {
    expect(at('BUY', '90', -1)).toBeNull();
    expect(at('BUY', '100', 180_000)).toBeNull();
    expect(at('BUY', '100', 0, [])).toBeNull();
  });
});

describe('inCandleOrder', () => {
  const open = (id: string) => ({ row: { id } as OrderRow, side: 'BUY', price: dec(1), after: 0 }) as OpenLimit;
  it('orders by candle time, then by the place of the symbol, then by order id (as numbers)', () => {
    const due = [
      { candle: bar('BTC/USDC', 120_000, '1', '1', '1'), open: open('1') },
      { candle: bar('ETH/USDC', 60_000, '1', '1', '1'), open: open('2') },
      { candle: bar('BTC/USDC', 60_000, '1', '1', '1'), open: open('10') },
      { candle: bar('BTC/USDC', 60_000, '1', '1', '1'), open: open('9') },
    ];
    expect(inCandleOrder(due, ['BTC/USDC', 'ETH/USDC']).map((d) => d.open.row.id)).toEqual(['9', '10', '2', '1']);
  });
});
