import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { BacktestTables } from './schema-backtests.js';

import type {
  BigSerial,
  CreatedAt,
  DefaultedNumeric,
  Numeric,
  NullableNumeric,
  NullableTimestamp,
  Timestamp,
} from './schema-columns.js';
import type { AccountStateTables } from './schema-account.js';

export interface CandlesTable {
  symbol: string;
  interval: string;
  open_time: Timestamp;
  close_time: Timestamp;
  open: Numeric;
  high: Numeric;
  low: Numeric;
  close: Numeric;
  volume: Numeric;
  source: string;
}

export interface SignalsTable {
  id: string;
  strategy: string;
  symbol: string;
  interval: string;
  side: 'BUY' | 'SELL';
  candle_time: Timestamp;
  price: Numeric;
  metadata: ColumnType<Record<string, unknown>, string, string>;
  emitted_at: Timestamp;
  created_at: CreatedAt;
  /** The protections a BUY carried (prices), as the stream entry did; null when it carried none. */
  stop_loss: NullableNumeric;
  take_profit: NullableNumeric;
  trailing_stop: ColumnType<SignalTrailingStop | null, string | null | undefined, string | null>;
  partial_take_profit: ColumnType<PartialTakeProfitRule | null, string | null | undefined, string | null>;
  /** Base candles after the entry candle a time stop closes the position at; null without one. */
  time_stop: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A partial take-profit as stored: sell `fraction` of the position at `price`. */
export interface PartialTakeProfitRule {
  price: string;
  fraction: string;
}

/** A signal's trailing stop as it was sent (activation absent when the signal gave none). */
export interface SignalTrailingStop {
  type: 'percent' | 'distance';
  value: string;
  activation?: string | null;
}

export interface OrdersTable {
  id: BigSerial;
  client_order_id: string;
  signal_id: string | null;
  idempotency_key: string | null;
  strategy: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'market' | 'limit';
  quantity: Numeric;
  status: 'filled' | 'rejected' | 'expired' | 'pending' | 'open' | 'canceled';
  reason: string | null;
  demo: boolean;
  /** When it was placed: now() unless the writer gives the time (the engine: market time). */
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** Why an exit was placed; null for entries. */
  exit_reason: ColumnType<ExitReason | null, ExitReason | null | undefined, ExitReason | null>;
  /** The exchange's order id (live); null for paper orders and orders never accepted. */
  exchange_order_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Limit price as sent; null for market orders. */
  price: NullableNumeric;
  filled_quantity: DefaultedNumeric;
  /** ccxt's error class when the exchange refused the order; the message is in `reason`. */
  exchange_error: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** An entry's protections as sent (on the tick), put on the position when its fills are recorded. */
  stop_loss: NullableNumeric;
  take_profit: NullableNumeric;
  trailing_stop: ColumnType<TrailingRule | null, string | null | undefined, string | null>;
  partial_take_profit: ColumnType<PartialTakeProfitRule | null, string | null | undefined, string | null>;
  time_stop: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One row per exchange fill; unique (symbol, exchange_trade_id) = recorded exactly once. */
export interface LiveFillsTable {
  id: BigSerial;
  order_id: string;
  client_order_id: string;
  exchange_order_id: string;
  exchange_trade_id: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: Numeric;
  quantity: Numeric;
  quote_quantity: Numeric;
  fee: Numeric;
  fee_currency: string;
  role: 'maker' | 'taker';
  timestamp: Timestamp;
  recorded_at: CreatedAt;
  /** The fee valued in the symbol's quote currency; null when a third-asset fee had no price. */
  fee_quote: NullableNumeric;
}

/** Reconciliation's watermark per exchange account. */
export interface ExchangeSyncTable {
  exchange: string;
  fills_watermark: Timestamp;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TradesTable {
  id: BigSerial;
  order_id: string;
  client_order_id: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  status: string;
  price: Numeric;
  quantity: Numeric;
  quote_quantity: Numeric;
  fee: Numeric;
  fee_currency: string;
  role: 'maker' | 'taker';
  strategy: string;
  signal_id: string | null;
  realized_pnl: NullableNumeric;
  timestamp: Timestamp;
  demo: boolean;
  exit_reason: ColumnType<ExitReason | null, ExitReason | null | undefined, ExitReason | null>;
  /** The fee valued in the quote currency at the fill price. */
  fee_quote: NullableNumeric;
}

export interface DemoBalancesTable {
  asset: string;
  free: Numeric;
  locked: Numeric;
  /** What DEMO_BALANCES seeded, so "starting cash" is known after any number of trades. */
  initial: Numeric;
  updated_at: Timestamp;
}

export type ExitReason =
  | 'signal'
  | 'stop_loss'
  | 'take_profit'
  | 'trailing_stop'
  | 'manual'
  | 'kill_switch'
  | 'partial_take_profit'
  | 'time_stop';

/** A trailing stop's rule as stored: trail by a fraction of the high or a fixed price distance. */
export interface TrailingRule {
  type: 'percent' | 'distance';
  value: string;
  /** Gain (fraction of the entry price) before the trail starts; null = at once. */
  activation: string | null;
}

export interface PositionsTable {
  demo: boolean;
  strategy: string;
  symbol: string;
  quantity: Numeric;
  /** Total cost basis of the open quantity, in the quote currency (fees excluded). */
  cost: Numeric;
  updated_at: Timestamp;
  /** Candle time of the open position's first entry; null while flat. */
  opened_at: NullableTimestamp;
  entry_quantity: DefaultedNumeric;
  entry_cost: DefaultedNumeric;
  exit_quantity: DefaultedNumeric;
  exit_proceeds: DefaultedNumeric;
  realized_gross: DefaultedNumeric;
  /** Fees of the open position's fills, valued in the quote currency. */
  fees: DefaultedNumeric;
  stop_loss: NullableNumeric;
  take_profit: NullableNumeric;
  trailing_stop: ColumnType<TrailingRule | null, string | null | undefined, string | null>;
  trail_high: NullableNumeric;
  trail_stop: NullableNumeric;
  /** Live: open time of the last candle checked against the protections (missed candles resume from it). */
  monitored_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  partial_take_profit: ColumnType<PartialTakeProfitRule | null, string | null | undefined, string | null>;
  time_stop: ColumnType<number | null, number | null | undefined, number | null>;
  /** The partial take-profit was taken (or tried): once per position. */
  partial_taken: ColumnType<boolean, boolean | undefined, boolean>;
  /** Open time of the candle the position was opened on: a time stop counts from it. */
  entry_candle: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The trading engine's last stepped candle per account and symbol. */
export interface EngineCandlesTable {
  demo: boolean;
  symbol: string;
  open_time: Timestamp;
  close_time: Timestamp;
  open: Numeric;
  high: Numeric;
  low: Numeric;
  close: Numeric;
}

export interface AccountSourcesTable {
  demo: boolean;
  source: string;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ClosedPositionsTable {
  id: BigSerial;
  demo: boolean;
  strategy: string;
  symbol: string;
  /** Total quantity bought over the position's life. */
  quantity: Numeric;
  entry_price: Numeric;
  exit_price: Numeric;
  opened_at: Timestamp;
  closed_at: Timestamp;
  gross_pnl: Numeric;
  fees: Numeric;
  net_pnl: Numeric;
  exit_reason: ExitReason;
}

/** One analysed candle as the analyzer sent it (the stream's outbox). */
export interface AnalysedCandlesTable {
  symbol: string;
  interval: string;
  open_time: Timestamp;
  /** The entry's JSON, as it went on the stream. */
  entry: string;
}

/** Every table: the account's and the stored backtests' (schema-backtests.ts). */
export interface Database extends BacktestTables, AccountStateTables {
  candles: CandlesTable;
  signals: SignalsTable;
  orders: OrdersTable;
  trades: TradesTable;
  demo_balances: DemoBalancesTable;
  positions: PositionsTable;
  closed_positions: ClosedPositionsTable;
  live_fills: LiveFillsTable;
  exchange_sync: ExchangeSyncTable;
  engine_candles: EngineCandlesTable;
  analysed_candles: AnalysedCandlesTable;
  account_sources: AccountSourcesTable;
}

export type CandleRow = Selectable<CandlesTable>;
export type EngineCandleRow = Selectable<EngineCandlesTable>;
export type NewCandle = Insertable<CandlesTable>;
export type SignalRow = Selectable<SignalsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type TradeDbRow = Selectable<TradesTable>;
export type LiveFillRow = Selectable<LiveFillsTable>;
export type NewLiveFill = Insertable<LiveFillsTable>;
export type NewTrade = Insertable<TradesTable>;
export type PositionRow = Selectable<PositionsTable>;
export type DemoBalanceRow = Selectable<DemoBalancesTable>;
export type ClosedPositionRow = Selectable<ClosedPositionsTable>;
export type NewClosedPosition = Insertable<ClosedPositionsTable>;
