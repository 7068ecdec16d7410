import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { TradingEngine } from '../engine.js';
import { candle, flat, ofType, testConfig } from '../testing/scenario.js';

const exchange = () => TradingEngine.create(testConfig({ execution: 'exchange' }));

describe('late signals: a candle stepped before its signals came', () => {
  it('records each as expired with the reason, places nothing, and keeps the stop that ran first', () => {
    const e = exchange();
    e.step(flat(0, 100));
    // The candle's exits ran from the runner's own feed; its signals arrive after.
    const bare = candle({ minute: 1, open: 100, high: 101, low: 99, close: 100 });
    e.step(bare);
    const late = candle({ minute: 1, open: 100, high: 101, low: 99, close: 100, signals: [{ side: 'BUY' }] });
    const reason = "the candle's exits were applied before its signals arrived (the analyzer was 5s late)";
    const out = e.step({
      type: 'late-signals',
      at: bare.at + 6_000,
      symbol: 'BTC/USDC',
      openTime: late.candle.openTime,
      signals: late.signals,
      reason,
    });
    const orders = ofType(out, 'order').map((o) => [o.order.status, o.order.reason, o.order.signalId]);
    expect(orders).toEqual([['expired', reason, late.signals[0]!.id]]);
    // Recorded as the same order an on-time signal asks for (here the fixed size, 1 BTC), only expired.
    expect(ofType(out, 'order')[0]!.order.quantity.toFixed()).toBe('1');
    expect(e.state.orders.size).toBe(0);
    expect(toPlain(e.state.balances.get('USDC')!.free)).toBe(toPlain(dec(10_000)));
  });

  it('refuses signals of a candle not stepped yet: those belong with their candle', () => {
    const e = exchange();
    e.step(flat(0, 100));
    const next = candle({ minute: 1, open: 100, high: 100, low: 100, close: 100, signals: [{ side: 'BUY' }] });
    const out = e.step({
      type: 'late-signals',
      at: next.at,
      symbol: 'BTC/USDC',
      openTime: next.candle.openTime,
      signals: next.signals,
      reason: 'late',
    });
    expect(ofType(out, 'refused').map((o) => o.reason)).toEqual(['BTC/USDC has not stepped that candle yet']);
    expect(ofType(out, 'order')).toHaveLength(0);
  });
});
