import { floorToStep, toPlain, type Decimal } from '@roottrading/accounting';

export type SizingMode = 'fixed' | 'equity_pct' | 'risk';

export interface SizingRules {
  mode: SizingMode;
  /** TRADE_QUANTITY (fixed). */
  fixedQuantity: Decimal;
  /** POSITION_EQUITY_PCT (equity_pct). */
  equityPct: Decimal;
  /** RISK_PER_TRADE_PCT (risk). */
  riskPerTradePct: Decimal;
}

export interface SizingInput {
  /** The quote currency's equity: cash + open positions at the last price. */
  equity: Decimal;
  /** The price the entry will fill at. */
  price: Decimal;
  stopLoss: Decimal | null;
  step: Decimal;
  quote: string;
}

export type SizingOutcome = { ok: true; quantity: Decimal } | { ok: false; quantity: Decimal; reason: string };

/**
 * The base quantity a signal BUY buys, rounded down to the market's step:
 * - fixed: TRADE_QUANTITY;
 * - equity_pct: POSITION_EQUITY_PCT % of the equity, at the entry price;
 * - risk: RISK_PER_TRADE_PCT % of the equity is what the position loses if its stop is hit, so
 *   quantity = equity × pct ÷ (entry − stop). Without a stop there is no risk to size by.
 */
export function sizeEntry(rules: SizingRules, input: SizingInput): SizingOutcome {
  const { equity, price, step } = input;
  if (rules.mode === 'fixed') return { ok: true, quantity: floorToStep(rules.fixedQuantity, step) };
  if (equity.lte(0)) {
    return { ok: false, quantity: floorToStep(0, step), reason: `no ${input.quote} equity to size the position from` };
  }
  if (rules.mode === 'equity_pct') {
    return { ok: true, quantity: floorToStep(equity.mul(rules.equityPct).div(100).div(price), step) };
  }
  if (input.stopLoss === null) {
    return {
      ok: false,
      quantity: floorToStep(0, step),
      reason: 'POSITION_SIZING=risk sizes an entry from its stop-loss, and this one has none',
    };
  }
  const perUnit = price.minus(input.stopLoss);
  if (perUnit.lte(0)) {
    return {
      ok: false,
      quantity: floorToStep(0, step),
      reason: `stop-loss ${toPlain(input.stopLoss)} must be below the entry price ${toPlain(price)}`,
    };
  }
  return { ok: true, quantity: floorToStep(equity.mul(rules.riskPerTradePct).div(100).div(perUnit), step) };
}
