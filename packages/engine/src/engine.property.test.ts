import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec, sum, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { EngineEvent } from './core/events.js';
import type { EngineOutput } from './core/outputs.js';
import { positionKey } from './core/types.js';
import { TradingEngine } from './engine.js';
import { at, candle, plain, testConfig } from './testing/scenario.js';

const SYMBOLS = ['BTC/USDC', 'BTC/USDT'];
const STRATEGIES = ['rsi', 'sma'];

/** One minute of the market: a move per symbol, the signals of its close, and what the operator does after it. */
const minuteArb = fc.record({
  moves: fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 })),
  wick: fc.integer({ min: 0, max: 40 }),
  signals: fc.array(
    fc.record({
      symbol: fc.integer({ min: 0, max: 1 }),
      strategy: fc.constantFrom(...STRATEGIES),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      stop: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      target: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      trail: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  manual: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('order' as const),
        symbol: fc.integer({ min: 0, max: 1 }),
        side: fc.constantFrom('BUY' as const, 'SELL' as const),
        limit: fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
        quantity: fc.integer({ min: 1, max: 300 }),
        key: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant('cancel' as const), nth: fc.nat() }),
      fc.record({ kind: fc.constant('close' as const), symbol: fc.option(fc.integer({ min: 0, max: 1 })) }),
      fc.record({ kind: fc.constant('pause' as const), resume: fc.boolean() }),
      fc.record({ kind: fc.constant('reset-kill-switch' as const) }),
    ),
    { maxLength: 2 },
  ),
});

const settingsArb = fc.record({
  feeAsset: fc.constantFrom('quote' as const, 'base' as const),
  dailyLossPct: fc.constantFrom(0, 1, 3),
  closeOnTrip: fc.boolean(),
  maxOpen: fc.constantFrom(0, 2),
});

/** What an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Minute = ValueOf<typeof minuteArb>;
type Settings = ValueOf<typeof settingsArb>;

function configOf(s: Settings) {
  const base = testConfig();
  return testConfig({
    costs: { ...base.costs, feeAsset: s.feeAsset },
    lossLimits: { dailyLossPct: dec(s.dailyLossPct), maxDrawdownPct: dec(0) },
    killSwitchClosePositions: s.closeOnTrip,
    limits: { ...base.limits, maxOpenPositions: s.maxOpen },
  });
}

/** Turns the generated minutes into events, reading the engine only to pick a live order to cancel. */
function* eventsOf(engine: TradingEngine, minutes: readonly Minute[]): Generator<EngineEvent> {
  const prices = [1000, 1000];
  for (const [m, minute] of minutes.entries()) {
    for (const [i, symbol] of SYMBOLS.entries()) {
      const open = prices[i]!;
      const close = Math.max(100, open + minute.moves[i]!);
      prices[i] = close;
      const signals = minute.signals
        .filter((s) => s.symbol === i)
        .map((s) => ({
          strategy: s.strategy,
          side: s.side,
          protection: {
            ...(s.stop ? { stopLoss: String(close - s.stop * 5) } : {}),
            ...(s.target ? { takeProfit: String(close + s.target * 5) } : {}),
            ...(s.trail ? { trailingStop: { type: 'distance' as const, value: String(s.trail * 4) } } : {}),
          },
        }));
      const high = Math.max(open, close) + minute.wick;
      const low = Math.max(1, Math.min(open, close) - minute.wick);
      yield candle({ symbol, minute: m, open, high, low, close, signals });
    }
    for (const [j, action] of minute.manual.entries()) {
      const when = at(m + 1) - 1 + j;
      if (action.kind === 'order') {
        const price = prices[action.symbol]! + (action.limit ?? 0);
        yield {
          type: 'manual-order',
          at: when,
          request: {
            symbol: SYMBOLS[action.symbol]!,
            side: action.side,
            orderType: action.limit === undefined ? 'market' : 'limit',
            quantity: dec(action.quantity).div(100),
            ...(action.limit === undefined ? {} : { price: dec(price) }),
            ...(action.key === undefined ? {} : { idempotencyKey: `k${action.key}` }),
          },
        };
      } else if (action.kind === 'cancel') {
        const ids = [...engine.state.orders.keys()];
        yield { type: 'cancel', at: when, orderId: ids.length ? ids[action.nth % ids.length]! : 'o999999', by: 'ops' };
      } else if (action.kind === 'close') {
        const symbol = action.symbol === null ? undefined : SYMBOLS[action.symbol];
        yield { type: 'close', at: when, filter: symbol ? { symbol } : {}, by: 'ops' };
      } else if (action.kind === 'pause') {
        yield { type: action.resume ? 'resume' : 'pause', at: when, scope: 'all', target: null, by: 'ops' };
      } else {
        yield { type: 'kill-switch-reset', at: when, by: 'ops' };
      }
    }
  }
}

/** Cash + positions at cost must equal the start + realized PnL − fees, per quote currency, exactly. */
function checkBooks(engine: TradingEngine, realized: Map<string, Decimal>, fees: Map<string, Decimal>): void {
  const { state, config } = engine;
  for (const quote of ['USDC', 'USDT']) {
    const cash = state.balances.get(quote)!;
    const cost = sum(
      [...state.positions.values()].filter((p) => quoteOf(p.symbol) === quote).map((p) => p.life.holding.cost),
    );
    const expected = config.startingBalances
      .get(quote)!
      .plus(realized.get(quote) ?? 0)
      .minus(fees.get(quote) ?? 0);
    expect(cash.free.plus(cash.locked).plus(cost).toFixed()).toBe(expected.toFixed());
  }
  for (const [asset, b] of state.balances) {
    if (b.free.isNegative() || b.locked.isNegative())
      throw new Error(`${asset} went negative: ${b.free} / ${b.locked}`);
  }
  for (const p of state.positions.values()) expect(p.life.holding.quantity.gt(0)).toBe(true);
}

function run(settings: Settings, minutes: readonly Minute[]): { events: EngineEvent[]; outputs: EngineOutput[] } {
  const engine = TradingEngine.create(configOf(settings));
  const events: EngineEvent[] = [];
  const outputs: EngineOutput[] = [];
  const realized = new Map<string, Decimal>();
  const fees = new Map<string, Decimal>();
  const open = new Set<string>();
  for (const event of eventsOf(engine, minutes)) {
    const out = engine.step(event);
    events.push(event);
    outputs.push(...out);
    if (out.some((o) => o.type === 'account-reset')) throw new Error('the property runs never reset the account');
    for (const o of out) {
      if (o.type === 'position') open.add(positionKey(o.position.strategy, o.position.symbol));
      if (o.type === 'position-closed') open.delete(positionKey(o.closed.strategy, o.closed.symbol));
      if (o.type !== 'trade') continue;
      const t = o.trade;
      const quote = quoteOf(t.symbol);
      realized.set(quote, (realized.get(quote) ?? dec(0)).plus(t.realizedPnl ?? 0));
      fees.set(quote, (fees.get(quote) ?? dec(0)).plus(t.feeQuote!));
      // One position per strategy and symbol: a signal buys only when flat (a stop earlier on the candle may have made it so).
      if (t.signalId && t.side === 'BUY') expect(open.has(positionKey(t.strategy, t.symbol))).toBe(false);
    }
    checkBooks(engine, realized, fees);
  }
  return { events, outputs };
}

describe('the engine on random interleavings of candles, signals, manual orders, cancels and controls', () => {
  it('keeps cash + positions at cost = start + realized − fees exactly, nothing negative, one position per strategy and symbol', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(minuteArb, { minLength: 1, maxLength: 40 }), (settings, minutes) => {
        run(settings, minutes);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same outputs for the same events, every time', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(minuteArb, { minLength: 1, maxLength: 30 }), (settings, minutes) => {
        const first = run(settings, minutes);
        const again = TradingEngine.create(configOf(settings)).run(first.events);
        expect(plain(again)).toEqual(plain(first.outputs));
      }),
      { numRuns: 60 },
    );
  });
});
