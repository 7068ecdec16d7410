import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import { cloneValuation, emptyValuation, revalue, type Valuation } from '../account/valuation.js';
import type { Fill } from '../account/apply-fill.js';
import type { Pause } from '../controls/pauses.js';
import type { EquityMark } from '../risk/kill-switch.js';
import type { OutputLog } from './outputs.js';
import type { Balance, EngineCandle, EngineConfig, EngineOrder, EnginePosition, KillSwitchView } from './types.js';

/** A manual order's Idempotency-Key: what was asked (normalised) and the order it made. */
export interface IdempotencyRecord {
  fingerprint: string;
  orderId: string;
}

/**
 * Everything the engine knows of one account. Entries are replaced, never changed in place, so a
 * copy of the maps (`cloneState`) is a snapshot the runner can drop if its commit fails.
 */
export interface EngineState {
  /** The next output's sequence number. */
  seq: number;
  /** The next order's number. */
  orderSeq: number;
  /** The market clock: the newest candle close (or event time) handled. */
  clock: number | null;
  balances: Map<string, Balance>;
  /** By positionKey(strategy, symbol); open positions only. */
  positions: Map<string, EnginePosition>;
  /** Live orders only (pending or open), by id. */
  orders: Map<string, EngineOrder>;
  /**
   * Exchange execution: orders settled without filling all (canceled, expired, rejected), the newest
   * SETTLED_KEPT of them, so a fill the exchange reports after the cancel is still booked.
   */
  settled: Map<string, EngineOrder>;
  /** Exchange execution: the exchange time of the last balances read (its fills are in it). */
  balancesAsOf: number | null;
  /** Exchange execution: balance moves of fills booked after that read, laid again over the next one. */
  unread: readonly BalanceMove[];
  /** The last candle stepped per symbol: the last price and what later candles must follow. */
  lastCandles: Map<string, EngineCandle>;
  /** Exchange execution: the exchange's last price per symbol and when it was read (QuoteEvent). */
  quotes: Map<string, { price: Decimal; at: number }>;
  killSwitch: KillSwitchView;
  marks: Map<string, EquityMark>;
  pauses: readonly Pause[];
  idempotency: Map<string, IdempotencyRecord>;
  valuation: Valuation;
  /** Net result of the positions each strategy instance closed, by resultKey(strategy, quote): its budget's gain or loss. */
  results: Map<string, Decimal>;
}

/** A fill's effect on the balances, kept until a balances read includes it. */
export interface BalanceMove {
  time: number;
  moves: readonly (readonly [string, Decimal])[];
}

/** How many settled orders are kept for late fills. */
export const SETTLED_KEPT = 1_000;

export const KILL_SWITCH_OFF: KillSwitchView = {
  active: false,
  reason: null,
  trippedAt: null,
  resetBy: null,
  resetAt: null,
};

export function initialState(config: Pick<EngineConfig, 'startingBalances'>): EngineState {
  return {
    seq: 1,
    orderSeq: 1,
    clock: null,
    balances: seedBalances(config.startingBalances),
    positions: new Map(),
    orders: new Map(),
    settled: new Map(),
    balancesAsOf: null,
    unread: [],
    lastCandles: new Map(),
    quotes: new Map(),
    killSwitch: KILL_SWITCH_OFF,
    marks: new Map(),
    pauses: [],
    idempotency: new Map(),
    valuation: emptyValuation(),
    results: new Map(),
  };
}

/** What a runner keeps of an account between runs; the rest is rebuilt from it. */
export type StoredState = Omit<
  EngineState,
  'seq' | 'clock' | 'valuation' | 'settled' | 'unread' | 'balancesAsOf' | 'quotes' | 'results'
> &
  Partial<Pick<EngineState, 'seq' | 'settled' | 'balancesAsOf' | 'unread' | 'quotes' | 'results'>>;

/**
 * An account as a runner stored it, made whole again: the market clock from its last candles and
 * the holdings' values from its positions, exactly as stepping would have left them.
 */
export function restoreState(stored: StoredState): EngineState {
  const closes = [...stored.lastCandles.values()].map((c) => c.closeTime);
  const state: EngineState = {
    seq: 1,
    settled: new Map(),
    unread: [],
    balancesAsOf: null,
    quotes: new Map(),
    results: new Map(),
    ...stored,
    clock: closes.length > 0 ? Math.max(...closes) : null,
    valuation: emptyValuation(),
  };
  const quotes = new Set([...state.positions.values()].map((p) => quoteOf(p.symbol)));
  for (const quote of quotes) revalue(state, quote);
  return state;
}

export function seedBalances(seed: ReadonlyMap<string, Decimal>): Map<string, Balance> {
  return new Map([...seed].map(([asset, amount]) => [asset, { free: amount, locked: dec(0) }]));
}

export function cloneState(s: EngineState): EngineState {
  return {
    ...s,
    balances: new Map(s.balances),
    positions: new Map(s.positions),
    orders: new Map(s.orders),
    settled: new Map(s.settled),
    lastCandles: new Map(s.lastCandles),
    quotes: new Map(s.quotes),
    marks: new Map(s.marks),
    idempotency: new Map(s.idempotency),
    valuation: cloneValuation(s.valuation),
    results: new Map(s.results),
  };
}

/** One event being stepped: the account, its settings, and the outputs so far. */
export interface StepContext {
  readonly config: EngineConfig;
  readonly state: EngineState;
  readonly log: OutputLog;
  /** Assets whose balance changed: one `balance` output each at the end of the event. */
  readonly dirtyAssets: Set<string>;
  /**
   * Paper execution: the fills of the market orders placed by this event, applied once the event's
   * decisions are all made — as an exchange's fills arrive after the orders — so both modes decide
   * every rule on the same account (an exit in flight, funds reserved, the position not yet sold).
   */
  readonly paperFills: { orderId: string; fill: Fill }[];
}
