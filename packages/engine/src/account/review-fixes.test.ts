import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { TradingEngine } from '../engine.js';
import { at, candle, flat, ofType, testConfig, trades } from '../testing/scenario.js';

const manual = (minute: number, request: Record<string, unknown>) => ({
  type: 'manual-order' as const,
  at: at(minute),
  request: { symbol: 'BTC/USDC', quantity: dec(1), ...request } as never,
});

describe('exits against resting orders and the candle', () => {
  it("a stop cancels the position's resting SELL and sells at the stop before the limit could fill", () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    e.step(manual(1, { side: 'BUY', orderType: 'market', protection: { stopLoss: '95' } }));
    e.step(manual(1, { side: 'SELL', orderType: 'limit', price: dec(110) }));
    const out = e.step(candle({ minute: 1, open: 100, high: 111, low: 94, close: 100 }));
    expect(trades(out).map((t) => [t.exitReason, toPlain(t.price)])).toEqual([['stop_loss', '95']]);
    expect(ofType(out, 'order-updated')[0]?.order).toMatchObject({ type: 'limit', status: 'canceled' });
    expect(e.state.orders.size + e.state.positions.size).toBe(0);
  });

  it('a SELL signal after the kill switch sold the position on the same candle is a no-op', () => {
    const e = TradingEngine.create(
      testConfig({ lossLimits: { dailyLossPct: dec(1), maxDrawdownPct: dec(0) }, killSwitchClosePositions: true }),
    );
    e.step(flat(0, 1000, { signals: [{ side: 'BUY' }] }));
    const out = e.step(flat(1, 880, { signals: [{ side: 'SELL' }] }));
    expect(trades(out).map((t) => t.exitReason)).toEqual(['kill_switch']);
    expect(ofType(out, 'signal-ignored')[0]?.reason).toBe('its position was exited earlier on this candle');
  });

  it('fills a resting BUY that a gap makes worth less than the minimum order value', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    e.step(manual(1, { side: 'BUY', orderType: 'limit', quantity: dec('0.05'), price: dec(100) }));
    e.step(flat(1, 101));
    const [t] = trades(e.step(flat(2, 90)));
    expect(t && [toPlain(t.price), toPlain(t.quoteQuantity)]).toEqual(['90', '4.5']);
  });

  it('says where a trail moved, so the runner can keep it', () => {
    const e = TradingEngine.create(testConfig());
    e.step(
      flat(0, 100, { signals: [{ side: 'BUY', protection: { trailingStop: { type: 'distance', value: '5' } } }] }),
    );
    const [moved] = ofType(e.step(candle({ minute: 1, open: 100, high: 120, low: 99, close: 119 })), 'position');
    expect(moved && toPlain(moved.position.trail!.stop!)).toBe('115');
  });
});

describe('exchange fills the engine did not foresee', () => {
  it("books a SELL whose base fee takes it past the strategy's holding without failing", () => {
    const e = TradingEngine.create(testConfig({ execution: 'exchange' }));
    const [buy] = ofType(e.step(flat(0, 100, { signals: [{ side: 'BUY' }] })), 'order');
    const fill = {
      type: 'fill' as const,
      at: at(1),
      price: dec(100),
      quantity: dec(1),
      fee: dec(0),
      feeCurrency: 'USDC',
    };
    e.step({ ...fill, orderId: buy!.order.id, tradeId: 't1' });
    const [sell] = ofType(e.step(flat(1, 100, { signals: [{ side: 'SELL' }] })), 'order');
    const out = e.step({ ...fill, orderId: sell!.order.id, tradeId: 't2', fee: dec('0.001'), feeCurrency: 'BTC' });
    expect(ofType(out, 'position-closed')).toHaveLength(1);
    expect(trades(out)[0]?.feeQuote?.toFixed()).toBe('0.1');
  });
});
