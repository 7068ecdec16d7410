import { syntheticEnv } from '@roottrading/market-data';
import { strategySettingNames } from '@roottrading/strategies';
import { accountEnv } from '@roottrading/trading-settings';

/**
 * The variables a backtest may vary: what decides trades (the account's and the strategies'), the
 * synthetic walk's, and what is traded. Never a path or a connection (MARKETS_FILE, REPLAY_DIR,
 * DATABASE_URL stay the process's own): a stored run cannot point a worker elsewhere, and a sweep
 * that names something else has a typo.
 */
export const BACKTEST_SETTINGS: readonly string[] = [
  ...Object.keys(accountEnv).filter((k) => k !== 'MARKETS_FILE'),
  ...strategySettingNames(),
  ...Object.keys(syntheticEnv),
  'SYMBOLS',
  'STRATEGIES',
  'INTERVAL',
].sort();

const known = new Set(BACKTEST_SETTINGS);

/** The names among `names` a backtest may not set. */
export function unknownSettings(names: Iterable<string>): string[] {
  return [...names].filter((k) => !known.has(k));
}
