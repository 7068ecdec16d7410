import type {
  ArenaResponse,
  BacktestCandles,
  BacktestDetail,
  BacktestList,
  BacktestSweep,
  BalanceResponse,
  ControlsState,
  EquityCurve,
  Health,
  LiveStats,
  OpenOrdersResponse,
  OpenPositionsResponse,
  OperatorActionsPage,
  PnlResponse,
  Summary,
  TradesPage,
} from '@roottrading/contracts';
import { getOk, queryString, request, errorMessage } from './http';
import type { CandlesResponse, ServiceHealth, SignalsResponse, StrategiesResponse } from './types';

/** Every read the pages make, named after what it returns; all go through the web process's /api proxy. */

export const SERVICES = ['gateway', 'analyzer', 'trader', 'portfolio', 'backtest'] as const;

/** The compact form the services accept in query strings: BTC/USDC → BTCUSDC. */
export const compact = (symbol: string) => symbol.replace('/', '');

export const loadSummary = (signal: AbortSignal) => getOk<Summary>('/api/portfolio/portfolio/summary', signal);

export const loadArena = (signal: AbortSignal) => getOk<ArenaResponse>('/api/portfolio/arena', signal);

export const loadBalances = (signal: AbortSignal) => getOk<BalanceResponse>('/api/portfolio/portfolio/balance', signal);

export interface TradesQuery {
  page: number;
  limit: number;
  symbol?: string;
  side?: string;
  strategy?: string;
  mode?: string;
}

export const loadTrades = (q: TradesQuery, signal: AbortSignal) =>
  getOk<TradesPage>(
    `/api/portfolio/portfolio/trades${queryString({
      limit: q.limit,
      page: q.page,
      symbol: q.symbol ? compact(q.symbol) : undefined,
      side: q.side,
      strategy: q.strategy,
      mode: q.mode,
    })}`,
    signal,
  );

export const loadPositions = (signal: AbortSignal) =>
  getOk<OpenPositionsResponse>('/api/portfolio/portfolio/positions', signal);

export const loadPnl = (signal: AbortSignal) => getOk<PnlResponse>('/api/portfolio/portfolio/pnl', signal);

export const loadLiveStats = (signal: AbortSignal) => getOk<LiveStats>('/api/portfolio/stats/live', signal);

export const loadEquity = (currency: string, signal: AbortSignal) =>
  getOk<EquityCurve>(`/api/portfolio/portfolio/equity${queryString({ currency, limit: 1000 })}`, signal);

export const loadControls = (signal: AbortSignal) => getOk<ControlsState>('/api/trader/controls', signal);

export const loadOperatorActions = (q: { page: number; limit: number }, signal: AbortSignal) =>
  getOk<OperatorActionsPage>(`/api/trader/controls/actions${queryString(q)}`, signal);

export const loadOpenOrders = (signal: AbortSignal) => getOk<OpenOrdersResponse>('/api/trader/orders/open', signal);

/** The newest 500 orders, whatever their status (the same shape as the open ones). */
export const loadRecentOrders = (signal: AbortSignal) =>
  getOk<OpenOrdersResponse>('/api/trader/orders?limit=500', signal);

/** `before` (epoch ms, exclusive): the page of candles older than the ones held. */
export const loadCandles = (
  symbol: string,
  interval: string,
  signal: AbortSignal,
  page: { before?: number; limit?: number } = {},
) =>
  getOk<CandlesResponse>(
    `/api/gateway/candles${queryString({ symbol: compact(symbol), interval, limit: page.limit ?? 500, before: page.before })}`,
    signal,
  );

export const loadStrategies = (signal: AbortSignal) => getOk<StrategiesResponse>('/api/analyzer/strategies', signal);

export const loadSignals = (q: { symbol?: string; strategy?: string; limit: number }, signal: AbortSignal) =>
  getOk<SignalsResponse>(
    `/api/analyzer/signals${queryString({
      symbol: q.symbol ? compact(q.symbol) : undefined,
      strategy: q.strategy,
      limit: q.limit,
    })}`,
    signal,
  );

export const loadBacktests = (signal: AbortSignal) => getOk<BacktestList>('/api/backtest/backtests', signal);

export const loadSweep = (id: string, signal: AbortSignal) =>
  getOk<BacktestSweep>(`/api/backtest/sweeps/${encodeURIComponent(id)}`, signal);

export const loadBacktest = (id: string, q: { page: number; limit: number }, signal: AbortSignal) =>
  getOk<BacktestDetail>(`/api/backtest/backtests/${encodeURIComponent(id)}${queryString(q)}`, signal);

export const loadBacktestCandles = (
  id: string,
  q: { symbol: string; from?: string; limit: number },
  signal: AbortSignal,
) =>
  getOk<BacktestCandles>(
    `/api/backtest/backtests/${encodeURIComponent(id)}/candles${queryString({ ...q, symbol: compact(q.symbol) })}`,
    signal,
  );

function isHealth(body: unknown): body is Health {
  const b = body as Partial<Health> | undefined;
  return typeof b === 'object' && b !== null && typeof b.status === 'string' && typeof b.service === 'string';
}

/** A service's /health: 200 and 503 both carry its report; a 502 from the web process means it is not running. */
export async function loadHealth(name: ServiceHealth['name'], signal: AbortSignal): Promise<ServiceHealth> {
  try {
    const answer = await request(`/api/${name}/health`, { signal });
    if (isHealth(answer.body)) {
      const state = answer.body.status === 'up' ? 'up' : answer.body.status === 'degraded' ? 'degraded' : 'down';
      return { name, state, health: answer.body };
    }
    return { name, state: 'down', reason: errorMessage(answer) };
  } catch (err) {
    if (signal.aborted) throw err;
    return { name, state: 'down', reason: err instanceof Error ? err.message : String(err) };
  }
}

export const loadAllHealth = (signal: AbortSignal) => Promise.all(SERVICES.map((name) => loadHealth(name, signal)));
