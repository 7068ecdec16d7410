import fc from 'fast-check';
import { dec } from '@roottrading/accounting';
import type { EngineEvent } from '../core/events.js';
import type { TradingEngine } from '../engine.js';
import { at, candle, testConfig } from './scenario.js';

/**
 * Test support: random markets for property tests — minutes of candles for two symbols, the signals
 * of their closes (with stops, targets, trails, partial take-profits and time stops), and what an operator does between them.
 */
export const SYMBOLS = ['BTC/USDC', 'BTC/USDT'];
const STRATEGIES = ['rsi', 'sma'];

/** One minute of the market: a move per symbol, the signals of its close, and what the operator does after it. */
export const minuteArb = fc.record({
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
      // A partial take-profit (its level, and a share: 0.96 leaves less than the minimum, so all is sold).
      partial: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      share: fc.constantFrom('0.5', '0.25', '0.96'),
      timeStop: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
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

export const settingsArb = fc.record({
  feeAsset: fc.constantFrom('quote' as const, 'base' as const),
  dailyLossPct: fc.constantFrom(0, 1, 3),
  closeOnTrip: fc.boolean(),
  maxOpen: fc.constantFrom(0, 2),
});

/** What an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
export type Minute = ValueOf<typeof minuteArb>;
export type Settings = ValueOf<typeof settingsArb>;

export function configOf(s: Settings) {
  const base = testConfig();
  return testConfig({
    costs: { ...base.costs, feeAsset: s.feeAsset },
    lossLimits: { dailyLossPct: dec(s.dailyLossPct), maxDrawdownPct: dec(0) },
    killSwitchClosePositions: s.closeOnTrip,
    limits: { ...base.limits, maxOpenPositions: s.maxOpen },
  });
}

/** Turns the generated minutes into events, reading the engine only to pick a live order to cancel. */
export function* eventsOf(
  engine: Pick<TradingEngine, 'state'>,
  minutes: readonly Minute[],
  opts: { limits?: boolean } = {},
): Generator<EngineEvent> {
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
            ...(s.partial ? { partialTakeProfit: { price: String(close + s.partial * 4), fraction: s.share } } : {}),
            ...(s.timeStop ? { timeStop: s.timeStop } : {}),
          },
        }));
      const high = Math.max(open, close) + minute.wick;
      const low = Math.max(1, Math.min(open, close) - minute.wick);
      yield candle({ symbol, minute: m, open, high, low, close, signals });
    }
    for (const [j, action] of minute.manual.entries()) {
      const when = at(m + 1) - 1 + j;
      if (action.kind === 'order') {
        const limit = opts.limits === false ? undefined : action.limit;
        const price = prices[action.symbol]! + (limit ?? 0);
        yield {
          type: 'manual-order',
          at: when,
          request: {
            symbol: SYMBOLS[action.symbol]!,
            side: action.side,
            orderType: limit === undefined ? 'market' : 'limit',
            quantity: dec(action.quantity).div(100),
            ...(limit === undefined ? {} : { price: dec(price) }),
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
