import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { limitFill } from './limit-fill.js';

const at = (side: 'BUY' | 'SELL', price: string, open: string, high: string, low: string) => {
  const hit = limitFill(side, dec(price), { open, high, low });
  return hit && { price: toPlain(hit.price), gapped: hit.gapped };
};

describe('limitFill', () => {
  it('fills a BUY when the low reaches the price, at the price or at a lower open', () => {
    expect(at('BUY', '100', '105', '106', '100.01')).toBeNull();
    expect(at('BUY', '100', '105', '106', '100')).toEqual({ price: '100', gapped: false });
    expect(at('BUY', '100', '98', '99', '97')).toEqual({ price: '98', gapped: true });
  });

  it('fills a SELL when the high reaches the price, at the price or at a higher open', () => {
    expect(at('SELL', '100', '95', '99.99', '94')).toBeNull();
    expect(at('SELL', '100', '95', '100', '94')).toEqual({ price: '100', gapped: false });
    expect(at('SELL', '100', '102', '103', '101')).toEqual({ price: '102', gapped: true });
  });
});
