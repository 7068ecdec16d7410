import { floorToStep, toPlain, type Decimal } from '@roottrading/accounting';
import { budgetRefusal, type BudgetView } from './instance-budget.js';
import { sizeEntry, type SizingRules } from './position-sizing.js';

export interface RiskLimits {
  /** RISK_MAX_EXPOSURE_PCT; 0 = no limit. */
  maxExposurePct: Decimal;
  /** RISK_MAX_OPEN_POSITIONS; 0 = no limit. */
  maxOpenPositions: number;
  sizing: SizingRules;
}

/** The quote currency's portfolio as the entry would find it. */
export interface PortfolioView {
  /** Cash + every open position in this quote currency, at the last price. */
  equity: Decimal;
  /** Value of the open positions in this symbol (every strategy), at the last price. */
  assetValue: Decimal;
  /** Positions open now, every strategy and symbol. */
  openPositions: number;
}

export interface EntryRiskCheck {
  symbol: string;
  base: string;
  quote: string;
  step: Decimal;
  /** The price the entry will fill at (slippage and tick included). */
  price: Decimal;
  /** The quantity asked for (manual orders); null: size it by POSITION_SIZING (signal BUYs). */
  requested: Decimal | null;
  stopLoss: Decimal | null;
  /** False when it adds to a position already open (a manual BUY): it does not count as a new one. */
  opensPosition: boolean;
  portfolio: PortfolioView;
  /** Set while the kill switch is active: why. */
  killSwitch: string | null;
  /** Set while entries of this strategy or symbol are paused: the "paused: …" reason. */
  paused: string | null;
  /** The strategy instance's budget in this currency (STRATEGIES_FILE); null: it trades from the whole account. */
  budget: { view: BudgetView; strategy: string; feeRate: Decimal } | null;
}

export type EntryRiskOutcome = { ok: true; quantity: Decimal } | { ok: false; quantity: Decimal; reason: string };

/**
 * The risk manager's verdict on one entry, in this order: kill switch, pause, sizing (from the
 * instance's own equity when it has a budget), the instance's budget, open positions, exposure. Exits never come here: closing a position is always allowed. The market's
 * step, minimum value and the balance are checked after it, by the executor.
 */
export function checkEntryRisk(c: EntryRiskCheck, limits: RiskLimits): EntryRiskOutcome {
  const asked = c.requested === null ? floorToStep(0, c.step) : floorToStep(c.requested, c.step);
  if (c.killSwitch !== null) return { ok: false, quantity: asked, reason: c.killSwitch };
  if (c.paused !== null) return { ok: false, quantity: asked, reason: c.paused };

  let quantity = asked;
  if (c.requested === null) {
    const sized = sizeEntry(limits.sizing, {
      equity: c.budget ? c.budget.view.equity : c.portfolio.equity,
      price: c.price,
      stopLoss: c.stopLoss,
      step: c.step,
      quote: c.quote,
    });
    if (!sized.ok) return sized;
    quantity = sized.quantity;
  }

  if (c.budget) {
    // The fee at the full rate, whichever asset it is taken in: a budget is never overdrawn by it.
    const cost = quantity.mul(c.price).mul(c.budget.feeRate.plus(1));
    const reason = budgetRefusal(c.budget.view, cost, c.budget.strategy, c.quote);
    if (reason) return { ok: false, quantity, reason };
  }

  const { openPositions, equity, assetValue } = c.portfolio;
  if (c.opensPosition && limits.maxOpenPositions > 0 && openPositions >= limits.maxOpenPositions) {
    return {
      ok: false,
      quantity,
      reason: `${openPositions} positions are open, the most RISK_MAX_OPEN_POSITIONS allows (${limits.maxOpenPositions})`,
    };
  }

  if (limits.maxExposurePct.gt(0)) {
    const after = assetValue.plus(quantity.mul(c.price));
    if (equity.lte(0)) {
      return { ok: false, quantity, reason: `the ${c.quote} portfolio has no value to measure exposure against` };
    }
    const exposure = after.div(equity).mul(100);
    if (exposure.gt(limits.maxExposurePct)) {
      return {
        ok: false,
        quantity,
        reason:
          `exposure to ${c.base} would be ${exposure.toDecimalPlaces(2).toFixed()}% of the ${c.quote} portfolio ` +
          `(${toPlain(after.toDecimalPlaces(8))} of ${toPlain(equity.toDecimalPlaces(8))}), above RISK_MAX_EXPOSURE_PCT ${toPlain(limits.maxExposurePct)}`,
      };
    }
  }
  return { ok: true, quantity };
}
