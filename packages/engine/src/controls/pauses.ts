import type { PauseScope } from '@roottrading/contracts';

/** A pause of new entries in force. */
export interface Pause {
  scope: PauseScope;
  /** The strategy name or symbol (BTC/USDC) for those scopes; null for all. */
  target: string | null;
  pausedBy: string;
  pausedAt: Date;
}

/** The pause that stops an entry of this strategy in this symbol, if any: all first, then strategy, then symbol. */
export function matchPause(pauses: readonly Pause[], strategy: string, symbol: string): Pause | undefined {
  return (
    pauses.find((p) => p.scope === 'all') ??
    pauses.find((p) => p.scope === 'strategy' && p.target === strategy) ??
    pauses.find((p) => p.scope === 'symbol' && p.target === symbol)
  );
}

/** The reason recorded on an entry a pause refused. */
export function pauseReason(p: Pause): string {
  const what =
    p.scope === 'all'
      ? 'all new entries'
      : p.scope === 'strategy'
        ? `new entries of strategy ${p.target}`
        : `new entries in ${p.target}`;
  return `paused: ${what} (by ${p.pausedBy} since ${p.pausedAt.toISOString()}); POST /controls/resume to lift it`;
}
