import type { Health, Side, TradingMode } from '@roottrading/contracts';

/** HTTP shapes that have no zod schema in @roottrading/contracts (yet): read defensively. */

/** `details` of the gateway's /health. */
export interface GatewayDetails {
  source?: string;
  symbols?: string[];
  interval?: string;
  speed?: string | number;
  feed?: {
    state?: string;
    lastCandleAt?: string | null;
    lastError?: string | null;
    nextRetryAt?: string | null;
    mode?: string;
  };
  replay?: { done?: boolean; published?: number; total?: number } | null;
  analyzerLag?: number;
}

/** `details` of the trader's /health. */
export interface TraderDetails {
  mode?: TradingMode;
  streamLag?: number | { pending?: number; undelivered?: number };
  lastPrices?: Record<string, { price: string; ageMs: number; candleCloseTime: number }>;
}

/** `details` of the analyzer's /health. */
export interface AnalyzerDetails {
  symbols?: string[];
  interval?: string;
  signalsEmitted?: number;
  strategies?: { name: string; params: Record<string, unknown> }[];
}

/** `GET /candles` on the gateway. */
export interface CandlesResponse {
  symbol: string;
  interval: string;
  /** The stored candles' sources ("replay", "ccxt:binance", "replay,synthetic"); null when there are none. */
  source: string | null;
  candles: {
    startTime: number;
    closeTime: number;
    open: string;
    high: string;
    low: string;
    close: string;
    volume: string;
  }[];
}

/** `GET /strategies` on the analyzer. */
export interface StrategiesResponse {
  strategies: {
    name: string;
    description?: string;
    params: Record<string, unknown>;
    /** The bars it is stepped on (INTERVAL, or its own timeframe). */
    timeframe?: string;
    warmupCandles?: number;
    /** A STRATEGIES_FILE instance's strategy (`name` is then the instance's); the name itself otherwise. */
    strategy?: string;
    /** The symbols an instance runs on; null or absent: all of them. */
    symbols?: string[] | null;
  }[];
}

/** A stored signal as `GET /signals` serves it (times as ISO strings). */
export interface SignalView {
  id: string;
  strategy: string;
  symbol: string;
  interval: string;
  side: Side;
  timestamp: string;
  price: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface SignalsResponse {
  signals: SignalView[];
}

export type ServiceState = 'up' | 'degraded' | 'down';

export interface ServiceHealth {
  name: 'gateway' | 'analyzer' | 'trader' | 'portfolio' | 'backtest';
  state: ServiceState;
  /** The service's own report, when it answered (a 503 still carries one). */
  health?: Health;
  /** Why it is down, when it did not answer with a report. */
  reason?: string;
}

/**
 * A backtest's metrics per quote currency, its per-strategy and per-pair groups, and the report stored
 * with a finished run (`report` of `GET /backtests/:id`): the contracts' schemas, as the service writes them.
 */
export type {
  BacktestMetrics,
  BacktestGroup,
  BacktestStoredReport as BacktestReportView,
} from '@roottrading/contracts';
