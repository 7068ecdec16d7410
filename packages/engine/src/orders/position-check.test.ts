import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import type { MarketRules } from '../markets/market-rules.js';
import { checkPosition, type PositionCheck } from './position-check.js';

const BTC: MarketRules = {
  symbol: 'BTC/USDC',
  base: 'BTC',
  quote: 'USDC',
  tickSize: dec('0.01'),
  stepSize: dec('0.00001'),
  minNotional: dec('5'),
};
const check = (over: Partial<PositionCheck>) =>
  checkPosition({
    strategy: 'RSI',
    side: 'BUY',
    rules: BTC,
    held: dec(0),
    requested: dec('0.001'),
    buyOnlyWhenFlat: true,
    ...over,
  });

describe('position rules', () => {
  it('lets a flat strategy buy', () => {
    expect(check({})).toEqual({ ok: true, quantity: dec('0.001') });
  });

  it('refuses a signal BUY while the strategy holds', () => {
    const r = check({ held: dec('0.001') });
    expect(!r.ok && r.reason).toBe('RSI already holds 0.001 BTC of BTC/USDC; it buys again only when flat');
  });

  it('lets a manual BUY add to a position', () => {
    expect(check({ held: dec('0.001'), buyOnlyWhenFlat: false }).ok).toBe(true);
  });

  it('refuses a SELL while flat', () => {
    const r = check({ side: 'SELL', requested: 'all' });
    expect(!r.ok && r.reason).toBe('RSI holds no BTC of BTC/USDC to sell');
  });

  it('sells the whole position for a signal SELL', () => {
    expect(check({ side: 'SELL', requested: 'all', held: dec('0.00123') })).toEqual({
      ok: true,
      quantity: dec('0.00123'),
    });
  });

  it('refuses selling more than the strategy holds', () => {
    const r = check({ side: 'SELL', requested: dec('0.002'), held: dec('0.001'), strategy: 'manual' });
    expect(!r.ok && r.reason).toBe('manual holds only 0.001 BTC of BTC/USDC; cannot sell 0.002');
  });
});
