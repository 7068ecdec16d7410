import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { TradingEngine } from '../engine.js';
import type { ProtectionRequest } from '../protection/entry-protection.js';
import { at, candle, flat, ofType, testConfig, trades } from '../testing/scenario.js';

/** 1 BTC bought at 100.05 (close 100 + slippage 0.05 %), fee 0.10005: 9899.84995 USDC left. */
function bought(protection: ProtectionRequest, quantity = '1') {
  const sizing = { mode: 'fixed' as const, fixedQuantity: dec(quantity), equityPct: dec(10), riskPerTradePct: dec(1) };
  const config = testConfig();
  const e = TradingEngine.create({ ...config, limits: { ...config.limits, sizing } });
  e.step(flat(0, 100, { signals: [{ side: 'BUY', protection }] }));
  return e;
}
const half = { partialTakeProfit: { price: '105', fraction: '0.5' } };
const usdc = (e: TradingEngine) => toPlain(e.state.balances.get('USDC')!.free);
const held = (e: TradingEngine) => [...e.state.positions.values()][0];
const sold = (out: ReturnType<TradingEngine['step']>) =>
  trades(out).map((t) => ({
    quantity: toPlain(t.quantity),
    price: toPlain(t.price),
    fee: toPlain(t.fee),
    pnl: t.realizedPnl && toPlain(t.realizedPnl),
    exit: t.exitReason,
  }));

describe('partial take-profit', () => {
  it('sells its share at the level, keeps the rest under the trailing stop, which then sells it', () => {
    const e = bought({ ...half, trailingStop: { type: 'percent', value: '0.02' } });
    expect(usdc(e)).toBe('9899.84995');
    // The high 106 passes 105: half sold there; the trail moves to 106 × 0.98 = 103.88 all the same.
    const first = e.step(candle({ minute: 1, open: 101, high: 106, low: 100.5, close: 105.5 }));
    expect(sold(first)).toEqual([
      { quantity: '0.5', price: '105', fee: '0.0525', pnl: '2.475', exit: 'partial_take_profit' },
    ]);
    expect(usdc(e)).toBe('9952.29745'); // + 52.5 − 0.0525
    expect(toPlain(held(e)!.life.holding.quantity)).toBe('0.5');
    expect(held(e)).toMatchObject({ partialTaken: true, exitOrderId: null });
    expect(toPlain(held(e)!.trail!.stop!)).toBe('103.88');
    expect(ofType(first, 'position-closed')).toHaveLength(0);

    // Above the level again: the partial is not taken twice.
    expect(trades(e.step(candle({ minute: 2, open: 105.5, high: 105.9, low: 104, close: 105 })))).toHaveLength(0);

    const last = e.step(candle({ minute: 3, open: 105, high: 105, low: 103, close: 104 }));
    expect(sold(last)).toEqual([
      { quantity: '0.5', price: '103.88', fee: '0.05194', pnl: '1.915', exit: 'trailing_stop' },
    ]);
    const [closed] = ofType(last, 'position-closed');
    // Gross 2.475 + 1.915; fees 0.10005 + 0.0525 + 0.05194. Cash = start + net, to the last digit.
    expect(closed && [toPlain(closed.closed.grossPnl), toPlain(closed.closed.netPnl)]).toEqual(['4.39', '4.18551']);
    expect(closed?.closed.exitReason).toBe('trailing_stop');
    expect(usdc(e)).toBe('10004.18551');
  });

  it('fills at the open when the candle gapped past the level', () => {
    const e = bought(half);
    expect(sold(e.step(candle({ minute: 1, open: 107, high: 108, low: 106.5, close: 107 })))).toEqual([
      { quantity: '0.5', price: '107', fee: '0.0535', pnl: '3.475', exit: 'partial_take_profit' },
    ]);
  });

  it('gives way to a stop reached on the same candle: the stop is assumed first, all sold there', () => {
    const e = bought({ ...half, stopLoss: '95' });
    const out = e.step(candle({ minute: 1, open: 100, high: 106, low: 94, close: 100 }));
    expect(sold(out).map((t) => [t.quantity, t.price, t.exit])).toEqual([['1', '95', 'stop_loss']]);
    expect(e.state.positions.size).toBe(0);
  });

  it('gives way to the take-profit reached on the same candle: all sold at the take-profit', () => {
    const e = bought({ ...half, takeProfit: '110' });
    const out = e.step(candle({ minute: 1, open: 100, high: 111, low: 100, close: 109 }));
    expect(sold(out).map((t) => [t.quantity, t.price, t.exit])).toEqual([['1', '110', 'take_profit']]);
  });

  it('sells everything when the share would be under the minimum order value (5 USDC)', () => {
    // 0.09 × 0.5 = 0.045 BTC, worth 4.725 at 105.
    const e = bought(half, '0.09');
    const out = e.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 105 }));
    expect(sold(out).map((t) => [t.quantity, t.price, t.exit])).toEqual([['0.09', '105', 'partial_take_profit']]);
    expect(ofType(out, 'position-closed')[0]?.closed.exitReason).toBe('partial_take_profit');
    expect(e.state.positions.size).toBe(0);
  });

  it('sells everything when what would remain is under the minimum, or under a step', () => {
    // 96 % of 1 BTC leaves 0.04, worth 4.2 at 105.
    const e = bought({ partialTakeProfit: { price: '105', fraction: '0.96' } });
    const out = e.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 105 }));
    expect(sold(out).map((t) => [t.quantity, t.exit])).toEqual([['1', 'partial_take_profit']]);
    // 0.0001 % of 1 BTC is under one step of 0.00001: nothing to sell apart, so all of it.
    const tiny = bought({ partialTakeProfit: { price: '105', fraction: '0.000001' } });
    const out2 = tiny.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 105 }));
    expect(sold(out2).map((t) => [t.quantity, t.exit])).toEqual([['1', 'partial_take_profit']]);
  });

  it('has a SELL signal on the same candle sell the rest, after the partial, at the close', () => {
    const e = bought(half);
    const out = e.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 104, signals: [{ side: 'SELL' }] }));
    // The rest at 104 × (1 − 0.0005) = 103.948, down to the tick.
    expect(sold(out).map((t) => [t.quantity, t.price, t.exit])).toEqual([
      ['0.5', '105', 'partial_take_profit'],
      ['0.5', '103.94', 'signal'],
    ]);
    expect(ofType(out, 'signal-ignored')[0]?.reason).toMatch(/partial take-profit of its position is in flight/);
    expect(e.state.positions.size).toBe(0);
  });

  it('leaves a SELL signal nothing to do when the partial sold it all (under the minimum)', () => {
    const e = bought(half, '0.09');
    const out = e.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 104, signals: [{ side: 'SELL' }] }));
    expect(sold(out).map((t) => [t.quantity, t.exit])).toEqual([['0.09', 'partial_take_profit']]);
    expect(ofType(out, 'signal-ignored')[0]?.reason).toBe('its position was exited earlier on this candle');
  });

  it('lets the operator close what remains after it', () => {
    const e = bought(half);
    e.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 104 }));
    const out = e.step({ type: 'close', at: at(2), filter: {}, by: 'ops' });
    expect(sold(out).map((t) => [t.quantity, t.price, t.exit])).toEqual([['0.5', '103.94', 'manual']]);
  });

  it('refuses an entry whose partial take-profit is not above the fill, or whose share is not a fraction', () => {
    const below = bought({ partialTakeProfit: { price: '100.05', fraction: '0.5' } });
    expect(below.state.positions.size).toBe(0);
    const whole = TradingEngine.create(testConfig());
    const [o] = ofType(
      whole.step(
        flat(0, 100, {
          signals: [{ side: 'BUY', protection: { partialTakeProfit: { price: '105', fraction: '1' } } }],
        }),
      ),
      'order',
    );
    expect(o?.order.reason).toBe('partial take-profit share 1 must be above 0 and below 1 (0.5 = half)');
  });
});

describe('partial take-profit with an exchange', () => {
  it('has a close asked for while the partial is in flight sell the rest once the partial has filled', () => {
    const e = TradingEngine.create(testConfig({ execution: 'exchange' }));
    e.step(flat(0, 100));
    const request = { symbol: 'BTC/USDC', side: 'BUY' as const, orderType: 'market' as const, quantity: dec(1) };
    const [buy] = ofType(
      e.step({ type: 'manual-order', at: at(1), request: { ...request, protection: half } }),
      'order',
    );
    const fill = (orderId: string, tradeId: string, quantity: string, time: number, price: string) => ({
      type: 'fill' as const,
      at: time,
      orderId,
      tradeId,
      price: dec(price),
      quantity: dec(quantity),
      fee: dec(0),
      feeCurrency: 'USDC',
    });
    e.step(fill(buy!.order.id, 't1', '1', at(1, 10), '100'));
    const [partial] = ofType(e.step(candle({ minute: 1, open: 101, high: 106, low: 101, close: 104 })), 'order');
    expect(partial?.order).toMatchObject({ side: 'SELL', exitReason: 'partial_take_profit', status: 'pending' });
    expect(toPlain(partial!.order.quantity)).toBe('0.5');
    // The close waits for the partial: no second SELL of coins already on their way out.
    expect(ofType(e.step({ type: 'close', at: at(2), filter: {}, by: 'ops' }), 'order')).toHaveLength(0);
    const [rest] = ofType(e.step(fill(partial!.order.id, 't2', '0.5', at(2, 5), '105')), 'order');
    expect(rest?.order).toMatchObject({ side: 'SELL', exitReason: 'manual', status: 'pending' });
    expect(toPlain(rest!.order.quantity)).toBe('0.5');
  });
});
