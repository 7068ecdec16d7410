import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Numeric, NullableNumeric, NullableTimestamp, Timestamp } from './schema-columns.js';

type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** A stored backtest (see migration 2026-12-04-008): the request, where it is, and its report once done. */
export interface BacktestRunsTable {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  request: Json<unknown>;
  candles_done: ColumnType<number, number | undefined, number>;
  candles_total: ColumnType<number | null, number | null | undefined, number | null>;
  report: NullableJson<unknown>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  worker: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface BacktestTradesTable {
  run_id: string;
  seq: number;
  strategy: string;
  symbol: string;
  side: string;
  time: Timestamp;
  price: Numeric;
  quantity: Numeric;
  quote_quantity: Numeric;
  fee: Numeric;
  fee_currency: string;
  fee_quote: NullableNumeric;
  role: string;
  realized_pnl: NullableNumeric;
  exit_reason: string | null;
  signal_id: string | null;
}

export interface BacktestEquityTable {
  run_id: string;
  quote: string;
  time: Timestamp;
  value: Numeric;
}

export interface BacktestTables {
  backtest_runs: BacktestRunsTable;
  backtest_trades: BacktestTradesTable;
  backtest_equity: BacktestEquityTable;
}

export type BacktestRunRow = Selectable<BacktestRunsTable>;
export type NewBacktestTrade = Insertable<BacktestTradesTable>;
export type BacktestTradeRow = Selectable<BacktestTradesTable>;
export type NewBacktestEquity = Insertable<BacktestEquityTable>;
