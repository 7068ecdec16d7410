import { useEffect, useState } from 'react';
import { useLiveSelect } from '../live/live-context';

/**
 * Green when events flow; red with the countdown to the next attempt when the live connection to
 * the web server is down; amber when the connection is up but the web server has lost Redis (then
 * no new candles, signals or balances can arrive either).
 */
export function LiveIndicator() {
  const state = useLiveSelect((s) => s.state);
  // Re-render every second while down, so the countdown moves.
  useTicker(state.status === 'down' ? 1_000 : null);

  let tone: string;
  let text: string;
  if (state.status === 'open' && state.redis !== 'down') {
    tone = 'bg-emerald-400';
    text = 'Live';
  } else if (state.status === 'open') {
    tone = 'bg-amber-400';
    text = 'Live updates paused: the web server cannot reach Redis';
  } else if (state.status === 'connecting') {
    tone = 'bg-slate-400 animate-pulse';
    text = state.attempt > 0 ? 'Live updates down: reconnecting…' : 'Connecting live updates…';
  } else {
    tone = 'bg-red-500';
    const seconds = state.nextRetryAt ? Math.max(0, Math.ceil((state.nextRetryAt - Date.now()) / 1000)) : undefined;
    text = `Live updates down${seconds !== undefined ? `: retrying in ${seconds} s` : ''}`;
  }
  const down = state.status !== 'open' || state.redis === 'down';
  return (
    <span
      role="status"
      aria-live="polite"
      data-live={state.status}
      title={state.lastError}
      className={`inline-flex items-center gap-2 rounded-md px-2 py-1 text-xs font-semibold ${
        down && state.status !== 'connecting' ? 'bg-red-950/60 text-red-200 ring-1 ring-red-700' : 'text-slate-300'
      }`}
    >
      <span className={`h-2.5 w-2.5 rounded-full ${tone}`} aria-hidden />
      {text}
    </span>
  );
}

/** Re-renders the component every `everyMs` (null: never). */
function useTicker(everyMs: number | null): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (everyMs === null) return;
    const timer = setInterval(() => setTick((t) => t + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
}
