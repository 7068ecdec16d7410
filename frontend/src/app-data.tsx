import { createContext, useContext, type ReactNode } from 'react';
import type { TradingMode } from '@roottrading/contracts';
import { loadAllHealth } from './api/endpoints';
import type { AnalyzerDetails, GatewayDetails, ServiceHealth, TraderDetails } from './api/types';
import { useRefresh, useResource, type Resource } from './hooks/use-resource';

/**
 * What every page needs to know about the stack, from the services' /health (loaded once for the
 * whole app every 10 s): which services are up, demo or live, where prices come from, and the
 * configured symbols and interval.
 */
export interface AppData {
  health: Resource<ServiceHealth[]>;
  mode?: TradingMode;
  /** The gateway's `source`: "ccxt:binance", "replay", "synthetic"; undefined while unknown. */
  marketSource?: string;
  symbols: string[];
  interval: string;
  gateway?: GatewayDetails;
  trader?: TraderDetails;
  analyzer?: AnalyzerDetails;
}

const EMPTY: AppData = {
  health: { loading: false, reload: () => undefined },
  symbols: [],
  interval: '1m',
};

const AppDataContext = createContext<AppData>(EMPTY);

export function AppDataProvider({ children, value }: { children: ReactNode; value?: AppData }) {
  if (value) return <AppDataContext.Provider value={value}>{children}</AppDataContext.Provider>;
  return <LoadedAppData>{children}</LoadedAppData>;
}

function LoadedAppData({ children }: { children: ReactNode }) {
  const refresh = useRefresh();
  const health = useResource('health', loadAllHealth, refresh);
  return <AppDataContext.Provider value={deriveAppData(health)}>{children}</AppDataContext.Provider>;
}

export function useAppData(): AppData {
  return useContext(AppDataContext);
}

function detailsOf<T>(list: ServiceHealth[] | undefined, name: ServiceHealth['name']): T | undefined {
  return list?.find((s) => s.name === name)?.health?.details as T | undefined;
}

export function deriveAppData(health: Resource<ServiceHealth[]>): AppData {
  const gateway = detailsOf<GatewayDetails>(health.data, 'gateway');
  const trader = detailsOf<TraderDetails>(health.data, 'trader');
  const analyzer = detailsOf<AnalyzerDetails>(health.data, 'analyzer');
  // The configured symbols: the gateway publishes them; the analyzer and trader know them too.
  const symbols = [
    ...new Set([...(gateway?.symbols ?? []), ...(analyzer?.symbols ?? []), ...Object.keys(trader?.lastPrices ?? {})]),
  ];
  const mode = trader?.mode === 'live' || trader?.mode === 'demo' ? trader.mode : undefined;
  return {
    health,
    mode,
    marketSource: typeof gateway?.source === 'string' ? gateway.source : undefined,
    symbols,
    interval: gateway?.interval ?? analyzer?.interval ?? '1m',
    gateway,
    trader,
    analyzer,
  };
}
