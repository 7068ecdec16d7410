import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { TradingEngine } from './engine.js';
import { at, candle, flat, ofType, testConfig, trades } from './testing/scenario.js';

const usdc = (e: TradingEngine) => {
  const b = e.state.balances.get('USDC')!;
  return { free: toPlain(b.free), locked: toPlain(b.locked) };
};

describe('signals at the close', () => {
  it('buys at close × (1 + slippage) on the tick and sells the whole position at close × (1 − slippage)', () => {
    const e = TradingEngine.create(testConfig());
    const buy = e.step(flat(0, 100, { signals: [{ side: 'BUY' }] }));
    const [bought] = trades(buy);
    expect(bought && { price: toPlain(bought.price), fee: toPlain(bought.fee), time: bought.time }).toEqual({
      price: '100.05',
      fee: '0.10005',
      time: at(1) - 1,
    });
    expect(usdc(e)).toEqual({ free: '9899.84995', locked: '0' });

    const sell = e.step(flat(1, 110, { signals: [{ side: 'SELL' }] }));
    const [sold] = trades(sell);
    expect(sold && { price: toPlain(sold.price), pnl: toPlain(sold.realizedPnl!), exit: sold.exitReason }).toEqual({
      price: '109.94',
      pnl: '9.89',
      exit: 'signal',
    });
    // 9899.84995 + 109.94 − 0.10994
    expect(usdc(e)).toEqual({ free: '10009.68001', locked: '0' });
    const [closed] = ofType(sell, 'position-closed');
    expect(closed && toPlain(closed.closed.netPnl)).toBe('9.68001');
    expect(e.state.positions.size).toBe(0);
  });

  it('refuses a BUY while the strategy holds the symbol, and a SELL with nothing held', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100, { signals: [{ side: 'BUY' }] }));
    const [again] = ofType(e.step(flat(1, 100, { signals: [{ side: 'BUY' }] })), 'order');
    expect(again?.order.status).toBe('rejected');
    expect(again?.order.reason).toMatch(/^rsi already holds 1 BTC of BTC\/USDC/);
    const [nothing] = ofType(e.step(flat(2, 100, { signals: [{ side: 'SELL', strategy: 'sma' }] })), 'order');
    expect(nothing?.order.reason).toBe('sma holds no BTC of BTC/USDC to sell');
  });

  it('records a signal handed in later than SIGNAL_MAX_AGE after its close as expired', () => {
    const e = TradingEngine.create(testConfig());
    const [o] = ofType(e.step(flat(0, 100, { signals: [{ side: 'BUY' }], lateBy: 5 * 60_000 + 1 })), 'order');
    expect(o?.order).toMatchObject({ status: 'expired', reason: 'signal is 300s old; SIGNAL_MAX_AGE is 300s' });
    expect(usdc(e).free).toBe('10000');
  });

  it('refuses the reserved strategy name "manual" for signals', () => {
    const e = TradingEngine.create(testConfig());
    const [o] = ofType(e.step(flat(0, 100, { signals: [{ side: 'BUY', strategy: 'manual' }] })), 'order');
    expect(o?.order.reason).toBe('strategy name "manual" is reserved for manual orders');
  });
});

describe('protective exits, in candle order', () => {
  const stopAt95 = { side: 'BUY' as const, protection: { stopLoss: '95', takeProfit: '110' } };

  it('does not check a position on the candle that opened it', () => {
    const e = TradingEngine.create(testConfig());
    e.step(candle({ minute: 0, open: 100, high: 100, low: 90, close: 100, signals: [stopAt95] }));
    expect(e.state.positions.size).toBe(1);
  });

  it('sells at the stop when the low reaches it, and a SELL signal on that candle is a no-op', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100, { signals: [stopAt95] }));
    const out = e.step(candle({ minute: 1, open: 99, high: 99, low: 94, close: 96, signals: [{ side: 'SELL' }] }));
    const [t] = trades(out);
    expect(t && { price: toPlain(t.price), exit: t.exitReason, time: t.time }).toEqual({
      price: '95',
      exit: 'stop_loss',
      time: at(2) - 1,
    });
    expect(ofType(out, 'signal-ignored')).toHaveLength(1);
    expect(ofType(out, 'order')).toHaveLength(1);
  });

  it('sells at the open when the candle gapped past the stop', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100, { signals: [stopAt95] }));
    const [t] = trades(e.step(flat(1, 90)));
    expect(t && toPlain(t.price)).toBe('90');
  });

  it('takes the stop first when one candle reaches both the stop and the target', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100, { signals: [stopAt95] }));
    const [t] = trades(e.step(candle({ minute: 1, open: 100, high: 111, low: 94, close: 100 })));
    expect(t?.exitReason).toBe('stop_loss');
  });

  it('ratchets a trailing stop on a candle high only after that candle was checked', () => {
    const e = TradingEngine.create(testConfig());
    e.step(
      flat(0, 100, { signals: [{ side: 'BUY', protection: { trailingStop: { type: 'percent', value: '0.1' } } }] }),
    );
    // Entry 100.05: the trail stands at 90.04. This candle's low (95) is checked against it, then it moves to 108.
    expect(trades(e.step(candle({ minute: 1, open: 100, high: 120, low: 95, close: 119 })))).toHaveLength(0);
    expect(toPlain([...e.state.positions.values()][0]!.trail!.stop!)).toBe('108');
    const [t] = trades(e.step(candle({ minute: 2, open: 115, high: 116, low: 107, close: 110 })));
    expect(t && { price: toPlain(t.price), exit: t.exitReason }).toEqual({ price: '108', exit: 'trailing_stop' });
  });
});

describe('resting limit orders (paper)', () => {
  it('fills a resting BUY on a later candle that trades through it, at the limit as maker; funds locked meanwhile', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    const placed = e.step({
      type: 'manual-order',
      at: at(1),
      request: { symbol: 'BTC/USDC', side: 'BUY', orderType: 'limit', quantity: dec(1), price: dec(95) },
    });
    expect(ofType(placed, 'order')[0]?.order.status).toBe('open');
    expect(usdc(e)).toEqual({ free: '9904.905', locked: '95.095' });
    expect(trades(e.step(candle({ minute: 1, open: 100, high: 100, low: 96, close: 97 })))).toHaveLength(0);
    const [t] = trades(e.step(candle({ minute: 2, open: 97, high: 97, low: 94, close: 96 })));
    expect(t && { price: toPlain(t.price), role: t.role }).toEqual({ price: '95', role: 'maker' });
    expect(usdc(e)).toEqual({ free: '9904.905', locked: '0' });
  });

  it('fills at the open when the candle opened past the limit', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    e.step({
      type: 'manual-order',
      at: at(1),
      request: { symbol: 'BTC/USDC', side: 'BUY', orderType: 'limit', quantity: dec(1), price: dec(95) },
    });
    // Placed while the minute-1 candle was forming: the first candle that can fill it opens after it.
    expect(trades(e.step(flat(1, 96)))).toHaveLength(0);
    const [t] = trades(e.step(flat(2, 90)));
    expect(t && toPlain(t.price)).toBe('90');
  });

  it('refuses a limit price off the tick', () => {
    const e = TradingEngine.create(testConfig());
    const [o] = ofType(
      e.step({
        type: 'manual-order',
        at: at(0),
        request: { symbol: 'BTC/USDC', side: 'BUY', orderType: 'limit', quantity: dec(1), price: dec('95.001') },
      }),
      'order',
    );
    expect(o?.order.reason).toBe('limit price 95.001 is not a multiple of the tick 0.01 of BTC/USDC');
  });

  it('cancels a resting order and gives its funds back', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    const [o] = ofType(
      e.step({
        type: 'manual-order',
        at: at(1),
        request: { symbol: 'BTC/USDC', side: 'BUY', orderType: 'limit', quantity: dec(1), price: dec(95) },
      }),
      'order',
    );
    const out = e.step({ type: 'cancel', at: at(1, 5), orderId: o!.order.id, by: 'ops' });
    expect(ofType(out, 'order-updated')[0]?.order).toMatchObject({ status: 'canceled', reason: 'canceled by ops' });
    expect(usdc(e)).toEqual({ free: '10000', locked: '0' });
  });
});

describe('manual orders and their Idempotency-Key', () => {
  const buy = (quantity: string, key = 'k1') => ({
    type: 'manual-order' as const,
    at: at(1, 10),
    request: {
      symbol: 'BTC/USDC',
      side: 'BUY' as const,
      orderType: 'market' as const,
      quantity: dec(quantity),
      idempotencyKey: key,
    },
  });

  it('replays the same key and body, refuses the same key with another body, trading once', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    const [first] = ofType(e.step(buy('1')), 'order');
    expect(ofType(e.step(buy('1')), 'manual-replayed')[0]?.orderId).toBe(first!.order.id);
    expect(ofType(e.step(buy('2')), 'manual-conflict')[0]?.orderId).toBe(first!.order.id);
    expect(toPlain([...e.state.positions.values()][0]!.life.holding.quantity)).toBe('1');
  });

  it('needs a fresh last price for a market order', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(0, 100));
    const late = { ...buy('1'), at: at(5) };
    expect(ofType(e.step(late), 'order')[0]?.order.reason).toMatch(
      /^last price of BTC\/USDC is \d+s old \(limit 180s, candle closed .*\); is market data flowing\?$/,
    );
  });
});

describe('the kill switch', () => {
  it('trips at the candle whose close breaches the daily loss, cancels resting BUYs and refuses entries', () => {
    const e = TradingEngine.create(testConfig({ lossLimits: { dailyLossPct: dec(1), maxDrawdownPct: dec(0) } }));
    e.step(flat(0, 1000, { signals: [{ side: 'BUY' }] }));
    e.step({
      type: 'manual-order',
      at: at(1),
      request: { symbol: 'BTC/USDC', side: 'BUY', orderType: 'limit', quantity: dec(1), price: dec(500) },
    });
    // 1 BTC bought at 1000.5: a close at 880 loses about 1.2% of 10,000.
    const out = e.step(flat(1, 880));
    const [trip] = ofType(out, 'kill-switch');
    expect(trip?.state).toMatchObject({ active: true, trippedAt: at(2) - 1 });
    expect(ofType(out, 'order-updated')[0]?.order).toMatchObject({
      status: 'canceled',
      reason: 'canceled by the kill switch',
    });
    const [refused] = ofType(e.step(flat(2, 880, { signals: [{ side: 'BUY', strategy: 'sma' }] })), 'order');
    expect(refused?.order.reason).toMatch(/^kill switch active since 2024-01-01T00:01:59.999Z: daily loss/);
    e.step({ type: 'kill-switch-reset', at: at(3), by: 'ops' });
    const [allowed] = ofType(e.step(flat(3, 880, { signals: [{ side: 'BUY', strategy: 'sma' }] })), 'order-updated');
    expect(allowed?.order.status).toBe('filled');
  });
});

describe('candles the engine refuses', () => {
  it('refuses an impossible candle, one out of order and an unknown symbol, changing nothing', () => {
    const e = TradingEngine.create(testConfig());
    e.step(flat(1, 100));
    const before = e.state.seq;
    const bad = [
      candle({ minute: 2, open: 100, high: 90, low: 95, close: 100, signals: [{ side: 'BUY' }] }),
      flat(1, 100, { signals: [{ side: 'BUY' }] }),
      flat(3, 100, { symbol: 'ETH/USDC', signals: [{ side: 'BUY' }] }),
      candle({ minute: 3, open: 0, high: 1, low: 0, close: 1 }),
    ];
    const reasons = bad.map((c) => ofType(e.step(c), 'candle-rejected')[0]?.reason);
    expect(reasons).toEqual([
      'impossible candle: open 100 high 90 low 95 close 100',
      'candle at 2024-01-01T00:01:00.000Z is not after the last one stepped (2024-01-01T00:01:00.000Z)',
      'ETH/USDC is not traded here (SYMBOLS is BTC/USDC,BTC/USDT)',
      'a candle price is not positive',
    ]);
    expect(e.state.seq).toBe(before + 4);
    expect(e.state.orders.size + e.state.positions.size).toBe(0);
    expect(toPlain(e.state.lastCandles.get('BTC/USDC')!.close)).toBe('100');
  });
});

describe('exchange execution', () => {
  it('places a market order pending with its funds locked, books the exchange fill once, and frees funds on a rejection', () => {
    const e = TradingEngine.create(testConfig({ execution: 'exchange' }));
    const [o] = ofType(e.step(flat(0, 100, { signals: [{ side: 'BUY' }] })), 'order');
    expect(o?.order.status).toBe('pending');
    expect(usdc(e)).toEqual({ free: '9899.84995', locked: '100.15005' });
    const fill = {
      type: 'fill' as const,
      at: at(1, 300),
      orderId: o!.order.id,
      tradeId: 'x-1',
      price: dec('100.02'),
      quantity: dec(1),
      fee: dec('0.001'),
      feeCurrency: 'BTC',
    };
    const booked = e.step(fill);
    expect(trades(booked)[0]?.feeQuote?.toFixed()).toBe('0.10002');
    expect(trades(e.step(fill))).toHaveLength(0);
    expect(toPlain([...e.state.positions.values()][0]!.life.holding.quantity)).toBe('0.999');

    const [sell] = ofType(e.step(flat(1, 100, { signals: [{ side: 'SELL' }] })), 'order');
    expect(sell?.order.status).toBe('pending');
    const [again] = ofType(e.step(flat(2, 100, { signals: [{ side: 'SELL' }] })), 'order');
    expect(again?.order.reason).toMatch(/an exit of rsi's BTC\/USDC position is in flight/);
    e.step({
      type: 'order-update',
      at: at(3),
      orderId: sell!.order.id,
      status: 'rejected',
      reason: 'insufficient balance',
    });
    expect([...e.state.positions.values()][0]!.exitOrderId).toBeNull();
  });
});

describe('the account as a value', () => {
  it('numbers every output of the account in order, and a clone steps without touching the original', () => {
    const e = TradingEngine.create(testConfig());
    const first = e.step(flat(0, 100, { signals: [{ side: 'BUY' }] }));
    const copy = e.clone();
    const second = copy.step(flat(1, 110, { signals: [{ side: 'SELL' }] }));
    const seqs = [...first, ...second].map((o) => o.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(e.state.positions.size).toBe(1);
    expect(copy.state.positions.size).toBe(0);
  });
});
