import type { ClosedTradesPage, ProfitResponse, RefusedSignalsPage } from '@roottrading/contracts';
import { compact } from './endpoints';
import { getOk, queryString } from './http';

/** The filters the history pages share; every value as the URL holds it ("" or absent: no filter). */
export interface HistoryFilters {
  from?: string;
  to?: string;
  symbol?: string;
  strategy?: string;
  mode?: string;
}

const filterParams = (f: HistoryFilters) => ({
  from: f.from,
  to: f.to,
  symbol: f.symbol ? compact(f.symbol) : undefined,
  strategy: f.strategy,
  mode: f.mode,
});

export interface ClosedTradesFilters extends HistoryFilters {
  exitReason?: string;
}

export const closedTradesCsvUrl = (f: ClosedTradesFilters) =>
  `/api/portfolio/portfolio/closed-trades.csv${queryString({ ...filterParams(f), exitReason: f.exitReason })}`;

export const loadClosedTrades = (f: ClosedTradesFilters & { page: number; limit: number }, signal: AbortSignal) =>
  getOk<ClosedTradesPage>(
    `/api/portfolio/portfolio/closed-trades${queryString({
      ...filterParams(f),
      exitReason: f.exitReason,
      limit: f.limit,
      page: f.page,
    })}`,
    signal,
  );

export interface RefusedFilters extends HistoryFilters {
  status?: string;
  reason?: string;
}

export const loadRefusedSignals = (f: RefusedFilters & { page: number; limit: number }, signal: AbortSignal) =>
  getOk<RefusedSignalsPage>(
    `/api/portfolio/portfolio/signals/refused${queryString({
      ...filterParams(f),
      status: f.status,
      reason: f.reason,
      limit: f.limit,
      page: f.page,
    })}`,
    signal,
  );

export const loadProfit = (period: string, mode: string | undefined, signal: AbortSignal) =>
  getOk<ProfitResponse>(`/api/portfolio/portfolio/profit${queryString({ period, mode })}`, signal);
