import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import type { FillEvent } from '../core/events.js';
import { TradingEngine } from '../engine.js';
import { at, candle, flat, ofType, testConfig, trades } from '../testing/scenario.js';

const exchange = () => TradingEngine.create(testConfig({ execution: 'exchange' }));
const fill = (orderId: string, tradeId: string, quantity: string, time: number, price = '100'): FillEvent => ({
  type: 'fill',
  at: time,
  orderId,
  tradeId,
  price: dec(price),
  quantity: dec(quantity),
  fee: dec(0),
  feeCurrency: 'USDC',
});
const balance = (e: TradingEngine, asset: string) => {
  const b = e.state.balances.get(asset);
  return b ? toPlain(b.free.plus(b.locked)) : '0';
};
const held = (e: TradingEngine) => toPlain([...e.state.positions.values()][0]?.life.holding.quantity ?? dec(0));

/** A manual position of 1 BTC bought at 100 through the exchange. */
function withPosition(protection?: { stopLoss: string }) {
  const e = exchange();
  e.step(flat(0, 100));
  const request = { symbol: 'BTC/USDC', side: 'BUY' as const, orderType: 'market' as const, quantity: dec(1) };
  const [buy] = ofType(e.step({ type: 'manual-order', at: at(1), request: { ...request, protection } }), 'order');
  e.step(fill(buy!.order.id, 't-buy', '1', at(1, 10)));
  return e;
}

describe('exchange execution: fills the exchange reports late or twice', () => {
  it('books a fill reported after the order was cancelled', () => {
    const e = exchange();
    e.step(flat(0, 100));
    const request = {
      symbol: 'BTC/USDC',
      side: 'BUY' as const,
      orderType: 'limit' as const,
      quantity: dec(1),
      price: dec(99),
    };
    const [o] = ofType(e.step({ type: 'manual-order', at: at(1), request }), 'order');
    expect(
      ofType(e.step({ type: 'cancel', at: at(1, 5), orderId: o!.order.id, by: 'ops' }), 'cancel-order'),
    ).toHaveLength(1);
    e.step({ type: 'order-update', at: at(1, 9), orderId: o!.order.id, status: 'canceled', reason: 'canceled by ops' });
    const late = e.step(fill(o!.order.id, 'x-1', '0.5', at(1, 4), '99'));
    expect(trades(late).map((t) => toPlain(t.quantity))).toEqual(['0.5']);
    expect(held(e)).toBe('0.5');
    expect(balance(e, 'USDC')).toBe('9950.5');
  });

  it('never counts a fill twice when a balances read already holds it, and lays later fills over the next read', () => {
    const e = exchange();
    const [buy] = ofType(e.step(flat(0, 100, { signals: [{ side: 'BUY' }] })), 'order');
    // The exchange filled at at(1, 100) and was read at at(1, 200), before the fill reached us.
    const read = (asOf: number, usdc: string, btc: string) => ({
      type: 'balances' as const,
      at: asOf + 1,
      asOf,
      balances: new Map([
        ['USDC', { free: dec(usdc), locked: dec(0) }],
        ['BTC', { free: dec(btc), locked: dec(0) }],
      ]),
    });
    e.step(read(at(1, 200), '9900', '1'));
    e.step(fill(buy!.order.id, 'x-1', '1', at(1, 100)));
    expect([balance(e, 'USDC'), balance(e, 'BTC'), held(e)]).toEqual(['9900', '1', '1']);

    const [sell] = ofType(e.step(flat(1, 110, { signals: [{ side: 'SELL' }] })), 'order');
    e.step(fill(sell!.order.id, 'x-2', '1', at(2, 300), '110'));
    expect([balance(e, 'USDC'), balance(e, 'BTC')]).toEqual(['10010', '0']);
    // A read from before that sell: the sell is laid over it again.
    e.step(read(at(2, 250), '9900', '1'));
    expect([balance(e, 'USDC'), balance(e, 'BTC')]).toEqual(['10010', '0']);
  });
});

describe('exchange execution: exits around resting and pending orders', () => {
  it('closes a position a resting SELL partly holds: the rest now, the resting part once its cancel is confirmed', () => {
    const e = withPosition();
    const limit = {
      symbol: 'BTC/USDC',
      side: 'SELL' as const,
      orderType: 'limit' as const,
      quantity: dec('0.6'),
      price: dec(120),
    };
    const [resting] = ofType(e.step({ type: 'manual-order', at: at(1, 20), request: limit }), 'order');
    const close = e.step({ type: 'close', at: at(1, 30), filter: {}, by: 'ops' });
    expect(ofType(close, 'cancel-order').map((c) => c.orderId)).toEqual([resting!.order.id]);
    const [first] = ofType(close, 'order');
    expect(first && toPlain(first.order.quantity)).toBe('0.4');
    e.step(fill(first!.order.id, 'x-1', '0.4', at(1, 40)));
    const confirmed = e.step({
      type: 'order-update',
      at: at(1, 50),
      orderId: resting!.order.id,
      status: 'canceled',
      reason: null,
    });
    const [second] = ofType(confirmed, 'order');
    expect(second?.order).toMatchObject({ side: 'SELL', status: 'pending', exitReason: 'manual' });
    expect(toPlain(second!.order.quantity)).toBe('0.6');
    e.step(fill(second!.order.id, 'x-2', '0.6', at(1, 60)));
    expect(e.state.positions.size).toBe(0);
  });

  it('a stop cancels what of the entry is still filling', () => {
    const e = exchange();
    e.step(flat(0, 100));
    const request = {
      symbol: 'BTC/USDC',
      side: 'BUY' as const,
      orderType: 'market' as const,
      quantity: dec(1),
      protection: { stopLoss: '95' },
    };
    const [buy] = ofType(e.step({ type: 'manual-order', at: at(1), request }), 'order');
    e.step(fill(buy!.order.id, 'x-1', '0.5', at(1, 10)));
    const out = e.step(candle({ minute: 1, open: 99, high: 99, low: 94, close: 96 }));
    expect(ofType(out, 'cancel-order').map((c) => c.orderId)).toEqual([buy!.order.id]);
    expect(ofType(out, 'order')[0]?.order).toMatchObject({ side: 'SELL', exitReason: 'stop_loss' });
  });
});
