import type { Decimal } from '@roottrading/accounting';
import type { PauseScope, Side } from '@roottrading/contracts';
import type { ProtectionRequest } from '../protection/entry-protection.js';
import type { EngineCandle, EngineSignal, OrderType } from './types.js';

/**
 * What the engine is fed, in order. Every event carries its time `at` (ms): candle time for market
 * events, the exchange's time for its fills, the runner's clock for manual and operator events (in a
 * replay the market clock, live the wall clock). The engine reads no other clock.
 */
export type EngineEvent =
  | CandleEvent
  | ManualOrderEvent
  | CancelEvent
  | ControlEvent
  | FillEvent
  | OrderUpdateEvent
  | BalancesEvent
  | QuoteEvent
  | LateSignalsEvent;

/** One analysed candle: the candle and the signals its close produced (possibly none), in strategy order. */
export interface CandleEvent {
  type: 'candle';
  /** When the runner handles it; only signal expiry reads it. Equal to the close in a replay. */
  at: number;
  candle: EngineCandle;
  signals: readonly EngineSignal[];
}

export interface ManualOrderRequest {
  symbol: string;
  side: Side;
  orderType: OrderType;
  quantity: Decimal;
  /** The limit price (limit orders only); must be on the market's tick. */
  price?: Decimal;
  protection?: ProtectionRequest;
  idempotencyKey?: string;
}

export interface ManualOrderEvent {
  type: 'manual-order';
  at: number;
  request: ManualOrderRequest;
}

export interface CancelEvent {
  type: 'cancel';
  at: number;
  orderId: string;
  by: string;
}

export interface CloseFilter {
  symbol?: string;
  strategy?: string;
}

export type ControlEvent =
  | { type: 'pause'; at: number; scope: PauseScope; target: string | null; by: string }
  | { type: 'resume'; at: number; scope: PauseScope; target: string | null; by: string }
  | { type: 'close'; at: number; filter: CloseFilter; by: string }
  | { type: 'kill-switch-reset'; at: number; by: string }
  | { type: 'account-reset'; at: number; by: string };

/** A fill the executor reports (live: the exchange's trade, found by the reply, the poller or reconciliation). */
export interface FillEvent {
  type: 'fill';
  at: number;
  orderId: string;
  /** The exchange's trade id: a fill delivered twice is applied once. */
  tradeId: string;
  price: Decimal;
  quantity: Decimal;
  fee: Decimal;
  feeCurrency: string;
  /** The fee in the quote currency, when it is charged in a third asset (BNB) and could be valued. */
  feeQuote?: Decimal | null;
  role?: 'maker' | 'taker';
}

/** The executor could not place an order, or the exchange cancelled or expired it. */
export interface OrderUpdateEvent {
  type: 'order-update';
  at: number;
  orderId: string;
  status: 'open' | 'rejected' | 'canceled' | 'expired';
  reason: string | null;
}

/** The exchange's balances, read by the balance source (exchange execution only). */
export interface BalancesEvent {
  type: 'balances';
  at: number;
  /** The exchange's time of the reading: every fill up to it is in these balances. */
  asOf: number;
  balances: ReadonlyMap<string, { free: Decimal; locked: Decimal }>;
}

/**
 * Exchange execution: the exchange's last price of a symbol, read by the runner when no candle is
 * fresh (just started, or between candles) before a manual order or a close. It prices those while
 * it is fresher than the last close; it moves no stop and values nothing.
 */
export interface QuoteEvent {
  type: 'quote';
  at: number;
  symbol: string;
  price: Decimal;
}

/**
 * The signals of a candle that was stepped without them (live: the analyzer was late, and the
 * runner applied the candle's exits from its own feed). Each is recorded expired with `reason`:
 * the candle's exits ran before it, so acting on it now would break the order of events.
 */
export interface LateSignalsEvent {
  type: 'late-signals';
  at: number;
  symbol: string;
  openTime: number;
  signals: readonly EngineSignal[];
  reason: string;
}
