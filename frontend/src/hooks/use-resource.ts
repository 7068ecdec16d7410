import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/http';
import { useLiveSelect } from '../live/live-context';

/** The slowest panels refresh by themselves; live events make the ones that matter reload sooner. */
export const REFRESH_MS = 10_000;

export interface LoadError {
  message: string;
  /** Which service failed ("portfolio"), to name it on the page. */
  service: string;
  status?: number;
  /** The service is down or unreachable (502/503/504 or no answer). */
  down: boolean;
  /** The service answered 404: the endpoint does not exist (yet). */
  missing: boolean;
}

export interface Resource<T> {
  data?: T;
  /** The last attempt's failure; `data` then still holds the previous answer, if any. */
  error?: LoadError;
  loading: boolean;
  updatedAt?: Date;
  /** Load again now (after an action the page knows changed the data). */
  reload: () => void;
}

export function toLoadError(err: unknown): LoadError {
  if (err instanceof ApiError) {
    return {
      message: err.message,
      service: err.service,
      status: err.status,
      down: err.serviceDown,
      missing: err.missingEndpoint,
    };
  }
  return {
    message: err instanceof Error ? err.message : String(err),
    service: 'web server',
    down: false,
    missing: false,
  };
}

/**
 * A counter that moves every REFRESH_MS (or `everyMs`) while the tab is visible, so a hidden tab
 * costs the services nothing. Nothing in the app polls faster than REFRESH_MS but the backtest
 * list while a run is queued or running (its progress bar).
 */
export function useRefreshTick(everyMs: number = REFRESH_MS): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') setTick((t) => t + 1);
    }, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return tick;
}

/** What makes a resource reload besides its key: the 10 s tick, and live account or signal changes. */
export function useRefresh(on: { account?: boolean; signals?: boolean } = {}): string {
  const tick = useRefreshTick();
  const account = useLiveSelect((s) => (on.account ? s.accountVersion : 0));
  const signals = useLiveSelect((s) => (on.signals ? s.signalsVersion : 0));
  return `${tick}:${account}:${signals}`;
}

/**
 * Loads when `key` changes (null: load nothing) and whenever `refresh` moves; a load still running
 * when the next starts is cancelled. Data from a previous key stays visible while the new one loads,
 * so paging does not flash an empty table.
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  refresh: string | number = 0,
): Resource<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [manual, setManual] = useState(0);
  const [state, setState] = useState<Omit<Resource<T>, 'reload'>>({ loading: key !== null });
  const reloadRef = useRef(() => setManual((n) => n + 1));

  useEffect(() => {
    if (key === null) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false, updatedAt: new Date() });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, error: toLoadError(err), loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, refresh, manual]);

  return { ...state, reload: reloadRef.current };
}
