import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { TradingEngine } from '../engine.js';
import { at, flat, ofType, testConfig } from '../testing/scenario.js';

const request = { symbol: 'BTC/USDC', side: 'BUY' as const, orderType: 'market' as const, quantity: dec('0.1') };

describe("quotes: the exchange's last price when no candle is fresh", () => {
  it('prices a manual market order on a quote newer than the last close; without it the order is refused', () => {
    const e = TradingEngine.create(testConfig({ execution: 'exchange' }));
    e.step(flat(0, 100));
    const stale = at(30);
    const [refused] = ofType(e.step({ type: 'manual-order', at: stale, request }), 'order');
    expect(refused!.order.status).toBe('rejected');
    expect(refused!.order.reason).toMatch(/^last price of BTC\/USDC is \d+s old/);

    e.step({ type: 'quote', at: stale, symbol: 'BTC/USDC', price: dec(120) });
    const [placed] = ofType(e.step({ type: 'manual-order', at: stale + 10, request }), 'order');
    // Expected at the quote plus the slippage, as a market order at a close would be.
    expect([placed!.order.status, toPlain(placed!.order.price!)]).toEqual(['pending', '120.06']);
  });

  it('is refused by a paper account, which prices on its candles only', () => {
    const e = TradingEngine.create(testConfig());
    const out = e.step({ type: 'quote', at: at(1), symbol: 'BTC/USDC', price: dec(120) });
    expect(ofType(out, 'refused').map((o) => o.reason)).toEqual(['a paper account prices on its candles']);
  });
});
