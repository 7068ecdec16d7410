import { intervalToMs } from '@roottrading/contracts';
import type { EngineConfig, Execution, Markets } from '@roottrading/engine';
import type { TraderConfig } from '../config.js';
import { riskLimitsOf } from '../risk/risk-limits.js';

/** The engine's settings from the trader's environment: the same variables in every mode. */
export function engineConfigOf(config: TraderConfig, markets: Markets, execution: Execution): EngineConfig {
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
  };
}
