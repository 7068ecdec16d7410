import { intervalToMs } from '@roottrading/contracts';
import type { Budgets, EngineConfig, Execution, Markets } from '@roottrading/engine';
import type { AccountSettings } from './account-env.js';
import { riskLimitsOf } from './risk-limits.js';

/** The engine's settings from the environment: the same variables in every mode and in a backtest. */
export function engineConfigOf(
  config: AccountSettings,
  markets: Markets,
  execution: Execution,
  budgets?: Budgets,
): EngineConfig {
  const intervalMs = intervalToMs(config.INTERVAL);
  return {
    symbols: config.SYMBOLS,
    intervalMs,
    markets,
    costs: { feeRate: config.FEE_RATE, slippage: config.SLIPPAGE, feeAsset: config.DEMO_FEE_ASSET },
    limits: riskLimitsOf(config),
    lossLimits: { dailyLossPct: config.DAILY_LOSS_LIMIT_PCT, maxDrawdownPct: config.MAX_DRAWDOWN_PCT },
    killSwitchClosePositions: config.KILL_SWITCH_CLOSE_POSITIONS,
    signalMaxAgeMs: config.SIGNAL_MAX_AGE,
    priceMaxAgeMs: config.PRICE_MAX_AGE_INTERVALS * intervalMs,
    startingBalances: config.DEMO_BALANCES,
    execution,
    ...(budgets && budgets.size > 0 ? { budgets } : {}),
  };
}
