import { ConfigError } from '@roottrading/config';
import { defaultStrategyNames, loadStrategySet, protectionView, resolveStrategyNames } from '@roottrading/strategies';
import {
  accountEnv,
  budgetsOf,
  DEFAULT_MARKETS_FILE,
  engineConfigOf,
  loadAccountSettings,
  loadMarkets,
  requireMarkets,
  type AccountSettings,
} from '@roottrading/trading-settings';
import type { BacktestSetup } from './run.js';

export interface BacktestChoice {
  /** --symbols: replaces SYMBOLS. */
  symbols?: string;
  /** --strategies: replaces STRATEGIES. */
  strategies?: string;
}

export interface ResolvedSetup {
  setup: BacktestSetup;
  settings: AccountSettings;
  env: Record<string, string | undefined>;
  /** The strategies as run: name, parameters and protections, for the report's config. */
  strategies: { name: string; params: Record<string, unknown>; protection: ReturnType<typeof protectionView> }[];
  /** The account variables that were set, as given. */
  given: Record<string, string>;
}

/**
 * A backtest's settings from the very variables the stack reads — the trader's (balances, fees,
 * slippage, sizing, risk, market rules) and the analyzer's (STRATEGIES, each strategy's parameters,
 * protections) — so a backtest and a replay with the same `.env` are the same experiment.
 */
export function resolveSetup(env: Record<string, string | undefined>, choice: BacktestChoice = {}): ResolvedSetup {
  const merged: Record<string, string | undefined> = {
    ...env,
    ...(choice.symbols !== undefined ? { SYMBOLS: choice.symbols } : {}),
    ...(choice.strategies !== undefined ? { STRATEGIES: choice.strategies } : {}),
  };
  const settings = loadAccountSettings(merged);
  const names = resolveStrategyNames(merged.STRATEGIES ?? defaultStrategyNames.join(','));
  if (!Array.isArray(names)) throw new ConfigError(`config: STRATEGIES ${names.error}`);
  const strategies = loadStrategySet(names, merged);
  const marketsFile = settings.MARKETS_FILE ?? DEFAULT_MARKETS_FILE;
  const markets = loadMarkets(marketsFile);
  requireMarkets(markets, settings.SYMBOLS, marketsFile);
  const given: Record<string, string> = {};
  for (const key of Object.keys(accountEnv)) {
    const value = merged[key];
    if (value !== undefined) given[key] = value;
  }
  return {
    setup: {
      engine: engineConfigOf(settings, markets, 'paper', budgetsOf(strategies)),
      strategies,
      equityEveryMs: settings.EQUITY_SNAPSHOT_EVERY,
      candleMaxJumpPct: settings.CANDLE_MAX_JUMP,
    },
    settings,
    env: merged,
    strategies: strategies.map((s) => ({ name: s.name, params: s.params, protection: protectionView(s.protection) })),
    given,
  };
}
