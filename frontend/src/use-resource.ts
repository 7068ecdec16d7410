import { useEffect, useState } from 'react';
import { REFRESH_MS } from './api';

export interface Resource<T> {
  data?: T;
  /** The last attempt's failure; `data` then still holds the previous answer, if any. */
  error?: string;
  loading: boolean;
  updatedAt?: Date;
}

/**
 * A counter that moves every REFRESH_MS while the tab is visible; every resource reloads when it
 * moves, so all panels refresh together and a hidden tab costs the services nothing.
 */
export function useRefreshTick(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') setTick((t) => t + 1);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return tick;
}

/** Loads on mount and on every tick; a load still running when the next one starts is cancelled. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, tick: number): Resource<T> {
  const [state, setState] = useState<Resource<T>>({ loading: true });
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false, updatedAt: new Date() });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof Error ? err.message : String(err);
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [load, tick]);
  return state;
}
