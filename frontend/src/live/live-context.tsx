import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { candlePrices } from '../format/precision';
import { LIVE_EVENTS_PATH } from './events';
import { LiveConnection } from './live-connection';
import { LiveStore, type LiveSnapshot } from './live-store';

/** Without a provider (component tests) the page simply has no live data: an inert, disconnected store. */
const LiveContext = createContext<LiveStore>(new LiveStore());

/** Opens the one live connection of the page and closes it when the app unmounts. */
export function LiveProvider({
  children,
  url = LIVE_EVENTS_PATH,
  store: given,
}: {
  children: ReactNode;
  url?: string;
  /** A store of the caller's (tests hand in one over a fake EventSource). */
  store?: LiveStore;
}) {
  const [store] = useState(() => given ?? new LiveStore(new LiveConnection(url)));
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return <LiveContext.Provider value={store}>{children}</LiveContext.Provider>;
}

export function useLiveStore(): LiveStore {
  return useContext(LiveContext);
}

/** Re-renders only when the picked part changes (compared with Object.is). */
export function useLiveSelect<T>(pick: (s: LiveSnapshot) => T): T {
  const store = useContext(LiveContext);
  return useSyncExternalStore(
    store.subscribe,
    () => pick(store.getSnapshot()),
    () => pick(store.getSnapshot()),
  );
}

/** Each symbol's latest candle prices, quoted on the exchange's tick: what decides how many decimals its prices show. */
export function useMarketPrices(): ReadonlyMap<string, readonly string[]> {
  const candles = useLiveSelect((s) => s.candles);
  return useMemo(() => new Map([...candles].map(([symbol, c]) => [symbol, candlePrices(c)])), [candles]);
}
