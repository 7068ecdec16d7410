import type { ClosedLife, Decimal, PositionLife } from '@roottrading/accounting';
import type { ExitReason, Side } from '@roottrading/contracts';
import type { FillCosts } from '../fills/paper-fill.js';
import type { Markets } from '../markets/market-rules.js';
import type { Protection, ProtectionRequest } from '../protection/entry-protection.js';
import type { TrailState } from '../protection/trailing.js';
import type { LossLimits } from '../risk/kill-switch.js';
import type { Budgets } from '../risk/instance-budget.js';
import type { RiskLimits } from '../risk/risk-manager.js';

/** The strategy name manual orders trade under; their position is theirs alone. */
export const MANUAL_STRATEGY = 'manual';

/**
 * How orders are filled. `paper`: the engine fills them itself by its own rules (a market order at
 * once, a resting limit when a candle trades through it). `exchange`: the orders go out and the fills
 * come back as events; the engine never invents one.
 */
export type Execution = 'paper' | 'exchange';

export interface EngineConfig {
  /** SYMBOLS, in order: the order symbols are stepped in at one candle time. */
  symbols: readonly string[];
  /** The base candle interval. */
  intervalMs: number;
  markets: Markets;
  costs: FillCosts;
  limits: RiskLimits;
  lossLimits: LossLimits;
  /** KILL_SWITCH_CLOSE_POSITIONS: a trip also sells every position at the close. */
  killSwitchClosePositions: boolean;
  /** SIGNAL_MAX_AGE: from the signal's candle close to the runner's clock when it is handled. */
  signalMaxAgeMs: number;
  /** How old the last candle may be for a manual order or a close to trade on its price. */
  priceMaxAgeMs: number;
  /** What a new or reset paper account starts with. */
  startingBalances: ReadonlyMap<string, Decimal>;
  execution: Execution;
  /** STRATEGIES_FILE budgets: an instance listed here enters only within its capital in that currency. */
  budgets?: Budgets;
}

/** A closed candle, prices exact. Times in ms; `closeTime` is the last millisecond of the candle. */
export interface EngineCandle {
  symbol: string;
  openTime: number;
  closeTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  /**
   * The same prices as doubles (parsed from the same text), when the adapter has them: the engine
   * settles the comparisons a double can prove with them and does the rest exactly (see quick-compare.ts).
   */
  floats?: CandleFloats;
}

export interface CandleFloats {
  open: number;
  high: number;
  low: number;
  close: number;
  /**
   * Each price has at most 15 significant digits (and is far inside the doubles' range): any such
   * decimal comes back from its nearest double, so two of them are equal exactly when their doubles
   * are, and the doubles alone order the candle's prices among themselves — ties included.
   */
  distinct?: boolean;
}

/** A strategy's signal computed at a candle's close. */
export interface EngineSignal {
  id: string;
  strategy: string;
  symbol: string;
  side: Side;
  /** The open time of the candle that produced it. */
  candleOpenTime: number;
  /** Stops and targets a BUY asks for. */
  protection?: ProtectionRequest;
}

export type OrderStatus = 'pending' | 'open' | 'filled' | 'rejected' | 'expired' | 'canceled';
export type OrderType = 'market' | 'limit';
/** What put an order on the book. */
export type OrderSource = 'signal' | 'manual' | 'protection' | 'close' | 'kill_switch';

export interface Reserved {
  asset: string;
  amount: Decimal;
}

export interface EngineOrder {
  /** The engine's own id, in the order the account placed them (`o1`, `o2`, …). */
  id: string;
  source: OrderSource;
  strategy: string;
  symbol: string;
  side: Side;
  type: OrderType;
  /** Base quantity, on the market's step. */
  quantity: Decimal;
  /** A limit's price; for a market order the price it is expected to fill at (paper: exactly). */
  price: Decimal | null;
  status: OrderStatus;
  reason: string | null;
  exitReason: ExitReason | null;
  signalId: string | null;
  idempotencyKey: string | null;
  /** The protections an entry sets on its position when it fills. */
  protection: Protection | null;
  filledQuantity: Decimal;
  /** Funds held for it while it is live (pending or open). */
  reserved: Reserved | null;
  /** Market time it was placed at; a resting limit fills only on candles opening after it. */
  placedAt: number;
  /** Exchange trade ids already applied: a fill delivered twice is counted once. */
  tradeIds: readonly string[];
}

export type FeeRole = 'maker' | 'taker';

export interface EngineTrade {
  orderId: string;
  tradeId: string;
  strategy: string;
  symbol: string;
  side: Side;
  time: number;
  price: Decimal;
  quantity: Decimal;
  quoteQuantity: Decimal;
  fee: Decimal;
  feeCurrency: string;
  /** The fee valued in the quote currency; null when it could not be valued (a third-asset fee). */
  feeQuote: Decimal | null;
  role: FeeRole;
  realizedPnl: Decimal | null;
  exitReason: ExitReason | null;
  signalId: string | null;
}

export interface EnginePosition {
  strategy: string;
  symbol: string;
  life: PositionLife;
  protection: Protection;
  trail: TrailState | null;
  /** Open time of the last candle its protections were checked against: the next one is checked next. */
  checkedThrough: number | null;
  /**
   * Open time of the candle the position was opened on (the last one stepped when it first filled):
   * a time stop counts base candles from it. Null when no candle of the symbol was known then.
   */
  entryCandle: number | null;
  /** The partial take-profit was taken (or tried): it happens at most once per position. */
  partialTaken: boolean;
  /** The exit order in flight, if any: no second exit and no new entry meanwhile. */
  exitOrderId: string | null;
  /**
   * Exchange execution: an exit waiting for resting SELLs to be cancelled; once they are, what they
   * held is sold too.
   */
  exitWhenFreed?: { source: OrderSource; exitReason: ExitReason } | null;
}

export interface ClosedPosition extends ClosedLife {
  strategy: string;
  symbol: string;
  exitReason: ExitReason;
}

export interface Balance {
  free: Decimal;
  locked: Decimal;
}

export interface KillSwitchView {
  active: boolean;
  reason: string | null;
  trippedAt: number | null;
  resetBy: string | null;
  resetAt: number | null;
}

export const positionKey = (strategy: string, symbol: string): string => `${strategy}\u0000${symbol}`;

/** Code-point order: the same on every machine, whatever its locale (localeCompare is not). */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
