import type { ColumnType, Selectable } from 'kysely';
import type { BigSerial, CreatedAt, Numeric, NullableNumeric, NullableTimestamp, Timestamp } from './schema-columns.js';

/** The account's state beside its ledger: risk, equity marks, instance results, pauses, the audit trail, snapshots. */
export interface AccountStateTables {
  balance_snapshots: BalanceSnapshotsTable;
  risk_state: RiskStateTable;
  equity_marks: EquityMarksTable;
  instance_results: InstanceResultsTable;
  trading_pauses: TradingPausesTable;
  operator_actions: OperatorActionsTable;
}

export interface RiskStateTable {
  demo: boolean;
  kill_switch: ColumnType<boolean, boolean | undefined, boolean>;
  kill_reason: string | null;
  tripped_at: NullableTimestamp;
  reset_by: string | null;
  reset_at: NullableTimestamp;
}

export interface EquityMarksTable {
  demo: boolean;
  currency: string;
  peak: Numeric;
  /** The UTC candle day `day_start` belongs to (YYYY-MM-DD). */
  day: ColumnType<Date, Date | string, Date | string>;
  day_start: Numeric;
  /** The equity at the last reading: the next UTC day starts from it. */
  last_equity: NullableNumeric;
}

/** A strategy instance's closed result per quote currency (its budget's gain or loss). */
export interface InstanceResultsTable {
  demo: boolean;
  strategy: string;
  quote: string;
  net_pnl: Numeric;
}

export interface TradingPausesTable {
  id: BigSerial;
  demo: boolean;
  scope: 'all' | 'strategy' | 'symbol';
  target: string | null;
  paused_by: string;
  /** When the pause began: now() unless the writer gives the time (the engine's event time). */
  paused_at: ColumnType<Date, Date | string | undefined, never>;
  resumed_by: string | null;
  resumed_at: NullableTimestamp;
}

export interface OperatorActionsTable {
  id: BigSerial;
  demo: boolean;
  action: string;
  scope: string | null;
  target: string | null;
  actor: string;
  at: CreatedAt;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface BalanceSnapshotsTable {
  id: BigSerial;
  demo: boolean;
  taken_at: Timestamp;
  balances: ColumnType<unknown, string, string>;
  totals: ColumnType<unknown, string, string>;
  /** The candle time the snapshot describes (replays: market time, not wall time). */
  candle_time: NullableTimestamp;
}

export type TradingPauseRow = Selectable<TradingPausesTable>;
export type RiskStateRow = Selectable<RiskStateTable>;
