import { useEffect, useRef, useState } from 'react';
import type { LogLine } from '@roottrading/contracts';
import { loadLogs } from '../../api/diagnostics';
import type { DiagnosedName } from '../../api/diagnostics';
import { toLoadError, type LoadError } from '../../hooks/use-resource';

/** How often new lines are asked for while the page is open (and the tab visible). */
export const FOLLOW_MS = 2_000;
/** As many as a service keeps. */
const KEEP = 1_000;

export interface FollowedLogs {
  lines: LogLine[];
  error?: LoadError;
  loading: boolean;
}

/**
 * One service's log lines at `level` and above: all it keeps first, then only those after the
 * newest seen (`after`), appended. A service that restarted counts from 1 again: its lines are
 * then read afresh.
 */
export function useLogFollow(service: DiagnosedName, level: string | undefined, follow: boolean): FollowedLogs {
  const [state, setState] = useState<FollowedLogs>({ lines: [], loading: true });
  const cursor = useRef(0);

  useEffect(() => {
    cursor.current = 0;
    setState({ lines: [], loading: true });
    const controller = new AbortController();
    let busy = false;
    const pull = async () => {
      if (busy || document.visibilityState === 'hidden') return;
      busy = true;
      try {
        const after = cursor.current;
        const body = await loadLogs(service, { level, after }, controller.signal);
        // An answer for the service or level the page showed before must not land in this list.
        if (controller.signal.aborted) return;
        const restarted = body.last < after;
        if (restarted) cursor.current = 0;
        else cursor.current = body.last;
        setState((s) => ({
          loading: false,
          lines: restarted ? [] : [...s.lines, ...body.lines].slice(-KEEP),
        }));
      } catch (err) {
        if (!controller.signal.aborted) setState((s) => ({ ...s, loading: false, error: toLoadError(err) }));
      } finally {
        busy = false;
      }
    };
    void pull();
    const timer = follow ? setInterval(() => void pull(), FOLLOW_MS) : undefined;
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [service, level, follow]);

  return state;
}
