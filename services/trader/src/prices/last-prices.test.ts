import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { LastPrices } from './last-prices.js';

describe('last prices', () => {
  const prices = new LastPrices();
  prices.set('BTC/USDC', dec('50000'), 1_000_000, 2_000_000);

  it('gives a price younger than the limit', () => {
    expect(prices.fresh('BTC/USDC', 2_000_000 + 180_000, 180_000)).toEqual({ ok: true, price: dec('50000') });
  });

  it('refuses a price older than the limit, measured from its arrival', () => {
    const r = prices.fresh('BTC/USDC', 2_000_000 + 180_001, 180_000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('last price of BTC/USDC is 180s old (limit 180s); is market data flowing?');
  });

  it('refuses when no price ever arrived', () => {
    const r = prices.fresh('ETH/USDC', 2_000_000, 180_000);
    expect(!r.ok && r.reason).toBe('no price known for ETH/USDC yet; is market data flowing?');
  });
});
