import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * Money columns are NUMERIC(38,18): up to 20 integer digits and 18 decimals, exact. pg returns
 * NUMERIC as a string, and we keep it a string (or a Decimal) in code: never a float.
 */
type Numeric = ColumnType<string, string, string>;
type NullableNumeric = ColumnType<string | null, string | null | undefined, string | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** int8 ids come back as strings from pg. */
type BigSerial = ColumnType<string, never, never>;

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
  status: 'filled' | 'rejected' | 'expired';
  reason: string | null;
  demo: boolean;
  created_at: CreatedAt;
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
}

export interface DemoBalancesTable {
  asset: string;
  free: Numeric;
  locked: Numeric;
  /** What DEMO_BALANCES seeded, so "starting cash" is known after any number of trades. */
  initial: Numeric;
  updated_at: Timestamp;
}

export interface PositionsTable {
  demo: boolean;
  strategy: string;
  symbol: string;
  quantity: Numeric;
  /** Total cost basis of the open quantity, in the quote currency (fees excluded). */
  cost: Numeric;
  updated_at: Timestamp;
}

export interface BalanceSnapshotsTable {
  id: BigSerial;
  demo: boolean;
  taken_at: Timestamp;
  balances: ColumnType<unknown, string, string>;
  totals: ColumnType<unknown, string, string>;
}

export interface Database {
  candles: CandlesTable;
  signals: SignalsTable;
  orders: OrdersTable;
  trades: TradesTable;
  demo_balances: DemoBalancesTable;
  positions: PositionsTable;
  balance_snapshots: BalanceSnapshotsTable;
}

export type CandleRow = Selectable<CandlesTable>;
export type NewCandle = Insertable<CandlesTable>;
export type SignalRow = Selectable<SignalsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type TradeDbRow = Selectable<TradesTable>;
export type NewTrade = Insertable<TradesTable>;
export type PositionRow = Selectable<PositionsTable>;
export type DemoBalanceRow = Selectable<DemoBalancesTable>;
