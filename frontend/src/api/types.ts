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
    warmupCandles?: number;
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

/** A quote currency's metrics in a backtest report (`report.summary.total`): ratios as numbers, in %; money as decimal strings. */
export interface BacktestMetrics {
  quote: string;
  startingEquity: string;
  finalEquity: string;
  netProfit: string;
  totalReturnPct: number | null;
  buyAndHoldPct: number | null;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdownPct: number;
  maxDrawdownDurationMs: number;
  trades: number;
  winRatePct: number | null;
  profitFactor: number | null;
  expectancy: string | null;
  avgWin: string | null;
  avgLoss: string | null;
  exposurePct: number | null;
  fees: string;
  feesOfGrossProfitPct: number | null;
}

/** Closed positions of one strategy or pair in one quote currency (`report.summary.byStrategy` / `bySymbol`). */
export interface BacktestGroup {
  key: string;
  quote: string;
  trades: number;
  wins: number;
  avgProfitPct: number;
  netProfit: string;
  grossProfit: string;
  fees: string;
  avgDurationMs: number;
  exitReasons: Record<string, number>;
}

/** The report stored with a finished run (`report` of `GET /backtests/:id`): `pnpm backtest --json` without the long lists. */
export interface BacktestReportView {
  config: {
    source: string;
    symbols: string[];
    strategies: string[];
    interval: string;
    from: string | null;
    to: string | null;
    settings: Record<string, string>;
  };
  candles: number;
  signals: number;
  period: { from: string | null; to: string | null };
  summary: { total: BacktestMetrics[]; byStrategy: BacktestGroup[]; bySymbol: BacktestGroup[] };
  openPositions?: { strategy: string; symbol: string; quantity: string; cost: string }[];
}
