import { describe, expect, it } from '@jest/globals';
import {
  baseOf,
  candleSchema,
  numberToPlainString,
  quoteOf,
  resolveSymbol,
  tradeRequestSchema,
  topics,
} from './index.js';

describe('trade request', () => {
  it('accepts the seed example with a JSON number quantity', () => {
    const parsed = tradeRequestSchema.parse({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 });
    expect(parsed).toEqual({ symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
  });

  it('accepts a decimal string and a lower-case side', () => {
    expect(tradeRequestSchema.parse({ symbol: 'BTC/USDC', side: 'sell', quantity: '0.5' }).side).toBe('SELL');
  });

  it.each([
    [{ symbol: 'BTCUSDC', side: 'BUY', quantity: -1 }, 'quantity'],
    [{ symbol: 'BTCUSDC', side: 'BUY', quantity: 0 }, 'quantity'],
    [{ symbol: 'BTCUSDC', side: 'BUY', quantity: 'abc' }, 'quantity'],
    [{ symbol: 'BTCUSDC', side: 'HOLD', quantity: 1 }, 'side'],
    [{ side: 'BUY', quantity: 1 }, 'symbol'],
  ])('rejects %j naming %s', (body, field) => {
    const result = tradeRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});

describe('numbers', () => {
  it('writes exponent-form numbers as plain decimals', () => {
    expect(numberToPlainString(1e-7)).toBe('0.0000001');
    expect(numberToPlainString(1.5e-7)).toBe('0.00000015');
    expect(numberToPlainString(2e21)).toBe('2000000000000000000000');
    expect(numberToPlainString(0.001)).toBe('0.001');
  });
});

describe('symbols', () => {
  const known = ['BTC/USDC', 'BTC/USD', 'ETH/USDC'];
  it('resolves compact and slash forms exactly', () => {
    expect(resolveSymbol('BTCUSDC', known)).toBe('BTC/USDC');
    expect(resolveSymbol('btc/usd', known)).toBe('BTC/USD');
    expect(resolveSymbol('BTCUSD', known)).toBe('BTC/USD');
    expect(resolveSymbol('BTCUSDT', known)).toBeUndefined();
  });

  it('splits a symbol into base and quote (a string without a slash is both)', () => {
    expect([baseOf('BTC/USDC'), quoteOf('BTC/USDC')]).toEqual(['BTC', 'USDC']);
    expect([baseOf('A/B/C'), quoteOf('A/B/C')]).toEqual(['A', 'B']);
    expect([baseOf('BTCUSDC'), quoteOf('BTCUSDC')]).toEqual(['BTCUSDC', 'BTCUSDC']);
  });

  it('names market channels in compact form', () => {
    expect(topics.marketData('BTC/USDC').channel).toBe('market:data:BTCUSDC');
  });
});

describe('candle', () => {
  it('refuses money as floats', () => {
    const candle = {
      symbol: 'BTC/USDC',
      interval: '1m',
      startTime: 0,
      closeTime: 59_999,
      open: 1,
      high: '1',
      low: '1',
      close: '1',
      volume: '0',
      source: 'synthetic',
    };
    expect(candleSchema.safeParse(candle).success).toBe(false);
    expect(candleSchema.safeParse({ ...candle, open: '1' }).success).toBe(true);
  });
});
