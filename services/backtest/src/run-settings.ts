import { accountEnv } from '@roottrading/trading-settings';
import { syntheticEnv } from '@roottrading/market-data';
import { strategySettingNames } from '@roottrading/strategies';

/**
 * The variables a stored run may set: what decides trades (the account's and the strategies'),
 * and the synthetic walk's. Never a path or a connection: MARKETS_FILE, REPLAY_DIR, DATABASE_URL
 * and the like stay the service's own.
 */
export const RUN_SETTINGS: readonly string[] = [
  ...Object.keys(accountEnv).filter((k) => k !== 'MARKETS_FILE'),
  ...strategySettingNames(),
  ...Object.keys(syntheticEnv),
  'SYMBOLS',
  'STRATEGIES',
  'INTERVAL',
].sort();

const allowed = new Set(RUN_SETTINGS);

/** The request's settings a run may not set, if any. */
export function forbiddenSettings(settings: Record<string, string>): string[] {
  return Object.keys(settings).filter((k) => !allowed.has(k));
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
