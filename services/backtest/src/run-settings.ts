import { BACKTEST_SETTINGS, unknownSettings, type Period } from '@roottrading/backtest';
import type { BacktestRequest } from '@roottrading/contracts';

/** The variables a stored run may set (the backtester's list). */
export const RUN_SETTINGS = BACKTEST_SETTINGS;

/** A run's request as stored with it: what was asked, and every run setting frozen when it was queued. */
/**
 * The request as stored: its settings frozen; `windowed` for a walk-forward's run (indicators warmed
 * up on the candles before `from`, what is open sold at the last close, as the CLI's windows).
 */
export type StoredRequest = BacktestRequest & { settings: Record<string, string>; windowed?: boolean };

/** The request's settings a run may not set, if any. */
export function forbiddenSettings(settings: Record<string, string>): string[] {
  return unknownSettings(Object.keys(settings));
}

/**
 * The whole experiment, frozen when the run is queued: every run setting this service's environment
 * has, overlaid by the request's. Whichever worker runs it (another machine, another .env) runs the same one.
 */
export function snapshotSettings(
  env: Record<string, string | undefined>,
  overrides: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of RUN_SETTINGS) {
    const value = overrides[key] ?? env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * This process's environment with its connections as parsed, defaults included (an unset
 * DATABASE_URL is the default database, not none): what a run's thread connects with.
 */
export function ownEnv(
  config: { DATABASE_URL: string; REDIS_URL: string },
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return { ...env, DATABASE_URL: config.DATABASE_URL, REDIS_URL: config.REDIS_URL };
}

/** A worker's environment for a run: its own connections and directories, and the run's settings only. */
export function runEnv(
  own: Record<string, string | undefined>,
  settings: Record<string, string>,
): Record<string, string | undefined> {
  return {
    DATABASE_URL: own.DATABASE_URL,
    REPLAY_DIR: own.REPLAY_DIR,
    MARKETS_FILE: own.MARKETS_FILE,
    ...settings,
  };
}

/** An ISO date ("2023-03-01", midnight UTC) or time as epoch ms; the request schema has checked it. */
export const timeOf = (v: string): number => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);

/** A stored request's from (inclusive) and to (exclusive) as the period its candles are read for. */
export function runPeriod(request: { from?: string | undefined; to?: string | undefined }): Period {
  return {
    ...(request.from !== undefined ? { from: timeOf(request.from) } : {}),
    ...(request.to !== undefined ? { to: timeOf(request.to) } : {}),
  };
}
