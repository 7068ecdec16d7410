import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { quoteTotals, valueBalances } from './valuation.js';

const symbols = ['BTC/USDC', 'ETH/USDC', 'BTC/USDT', 'ETH/BTC'];
const balances = [
  { asset: 'BTC', free: dec('0.003'), locked: dec('0') },
  { asset: 'ETH', free: dec('0.5'), locked: dec('0.1') },
  { asset: 'USDC', free: dec('9800.5'), locked: dec('0') },
  { asset: 'USDT', free: dec('10000'), locked: dec('0') },
];

describe('valueBalances', () => {
  it('values a base asset in the quote of the first configured symbol with a price', () => {
    const prices = new Map([
      ['BTC/USDT', dec('50100')],
      ['BTC/USDC', dec('50000')],
    ]);
    const [btc, eth, usdc] = valueBalances(balances, symbols, prices);
    expect(btc).toEqual({
      asset: 'BTC',
      free: '0.003',
      locked: '0',
      total: '0.003',
      value: '150',
      valueCurrency: 'USDC',
    });
    // ETH has no price on ETH/USDC nor ETH/BTC: unknown, not a guess
    expect(eth).toEqual({ asset: 'ETH', free: '0.5', locked: '0.1', total: '0.6', value: null, valueCurrency: null });
    expect(usdc).toMatchObject({ total: '9800.5', value: '9800.5', valueCurrency: 'USDC' });
  });

  it('falls back to a later symbol when the first has no price', () => {
    const [btc] = valueBalances(balances, symbols, new Map([['BTC/USDT', dec('50100')]]));
    expect(btc).toMatchObject({ value: '150.3', valueCurrency: 'USDT' });
  });
});

describe('quoteTotals', () => {
  const positions = [
    { symbol: 'BTC/USDC', quantity: dec('0.002'), cost: dec('99.5') },
    { symbol: 'BTC/USDC', quantity: dec('0.001'), cost: dec('50.025') },
    { symbol: 'ETH/USDC', quantity: dec('0'), cost: dec('0') },
  ];

  it('adds cash and the holdings at the last price, per quote currency', () => {
    const { totals, unpriced } = quoteTotals(balances, positions, symbols, new Map([['BTC/USDC', dec('50010.01')]]));
    expect(unpriced).toEqual([]);
    expect(totals).toEqual([
      {
        currency: 'USDC',
        cash: '9800.5',
        holdingsValue: '150.03003',
        holdingsCost: '149.525',
        total: '9950.53003',
        prices: { 'BTC/USDC': '50010.01' },
      },
      { currency: 'USDT', cash: '10000', holdingsValue: '0', holdingsCost: '0', total: '10000', prices: {} },
      { currency: 'BTC', cash: '0.003', holdingsValue: '0', holdingsCost: '0', total: '0.003', prices: {} },
    ]);
    const usdc = totals[0]!;
    expect(dec(usdc.cash).plus(usdc.holdingsValue).eq(usdc.total)).toBe(true);
  });

  it('leaves out a currency whose holdings have no price instead of inventing a value', () => {
    const { totals, unpriced } = quoteTotals(balances, positions, symbols, new Map());
    expect(totals.map((t) => t.currency)).toEqual(['USDT', 'BTC']);
    expect(unpriced).toEqual([{ currency: 'USDC', symbols: ['BTC/USDC'] }]);
  });

  it('counts a position in a symbol no longer configured', () => {
    const { totals } = quoteTotals(
      [],
      [{ symbol: 'SOL/EUR', quantity: dec('2'), cost: dec('300') }],
      ['BTC/USDC'],
      new Map([['SOL/EUR', dec('140')]]),
    );
    expect(totals.find((t) => t.currency === 'EUR')).toEqual({
      currency: 'EUR',
      cash: '0',
      holdingsValue: '280',
      holdingsCost: '300',
      total: '280',
      prices: { 'SOL/EUR': '140' },
    });
  });
});
