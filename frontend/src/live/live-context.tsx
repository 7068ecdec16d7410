import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
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
