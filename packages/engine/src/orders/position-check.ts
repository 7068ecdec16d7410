import { floorToStep, toPlain, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { MarketRules } from '../markets/market-rules.js';

export interface PositionCheck {
  strategy: string;
  side: Side;
  rules: MarketRules;
  /** What this strategy holds of the symbol. */
  held: Decimal;
  /** Base quantity asked for; 'all' sells the whole position (signal SELLs). */
  requested: Decimal | 'all';
  /** Signal strategies are long-only with one position each: no BUY while holding. */
  buyOnlyWhenFlat: boolean;
  /** What resting or in-flight SELLs of this position already hold back from `held`. */
  reserved?: Decimal;
}

export type PositionCheckResult = { ok: true; quantity: Decimal } | { ok: false; quantity: Decimal; reason: string };

/**
 * Per-strategy position rules, before any balance is looked at: a strategy sells only what it
 * bought (never another strategy's coins), and a signal strategy buys only when flat.
 */
export function checkPosition(c: PositionCheck): PositionCheckResult {
  const { strategy, rules } = c;
  const reserved = c.side === 'SELL' && c.reserved?.gt(0) ? c.reserved : null;
  const held = reserved ? c.held.minus(reserved) : c.held;
  const quantity = floorToStep(c.requested === 'all' ? held : c.requested, rules.stepSize);
  const holding = `${toPlain(held)} ${rules.base} of ${rules.symbol}`;
  if (c.side === 'BUY') {
    if (c.buyOnlyWhenFlat && held.gt(0)) {
      return { ok: false, quantity, reason: `${strategy} already holds ${holding}; it buys again only when flat` };
    }
    return { ok: true, quantity };
  }
  const note = reserved ? `; ${toPlain(reserved)} ${rules.base} is reserved by open SELL orders` : '';
  if (held.lte(0)) {
    const what = reserved
      ? `${rules.base} of ${rules.symbol} free to sell`
      : `${rules.base} of ${rules.symbol} to sell`;
    return { ok: false, quantity, reason: `${strategy} holds no ${what}${note}` };
  }
  if (quantity.gt(held)) {
    return {
      ok: false,
      quantity,
      reason: `${strategy} holds only ${holding}${reserved ? ' free' : ''}; cannot sell ${toPlain(quantity)}${note}`,
    };
  }
  return { ok: true, quantity };
}
