import type { RiskLimits } from '@roottrading/engine';
import type { AccountSettings } from './account-env.js';

/** The risk manager's limits as configured (the same settings in demo and live mode). */
export function riskLimitsOf(
  config: Pick<
    AccountSettings,
    | 'RISK_MAX_EXPOSURE_PCT'
    | 'RISK_MAX_OPEN_POSITIONS'
    | 'POSITION_SIZING'
    | 'TRADE_QUANTITY'
    | 'POSITION_EQUITY_PCT'
    | 'RISK_PER_TRADE_PCT'
  >,
): RiskLimits {
  return {
    maxExposurePct: config.RISK_MAX_EXPOSURE_PCT,
    maxOpenPositions: config.RISK_MAX_OPEN_POSITIONS,
    sizing: {
      mode: config.POSITION_SIZING,
      fixedQuantity: config.TRADE_QUANTITY,
      equityPct: config.POSITION_EQUITY_PCT,
      riskPerTradePct: config.RISK_PER_TRADE_PCT,
    },
  };
}
