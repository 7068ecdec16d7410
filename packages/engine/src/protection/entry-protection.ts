import { dec, toPlain, type Decimal } from '@roottrading/accounting';

/** Protective exits as a signal or a manual order asks for them (prices in the quote currency). */
export interface ProtectionRequest {
  stopLoss?: string;
  takeProfit?: string;
  trailingStop?: { type: 'percent' | 'distance'; value: string; activation?: string | null };
}

export interface TrailingSpec {
  type: 'percent' | 'distance';
  /** percent: a fraction of the high (0.02 = 2 %); distance: a price distance. */
  value: Decimal;
  /** Gain over the entry price (a fraction) before the trail starts; null = at once. */
  activation: Decimal | null;
}

/** Protections as stored on a position, each optional. */
export interface Protection {
  stopLoss: Decimal | null;
  takeProfit: Decimal | null;
  trailing: TrailingSpec | null;
}

export type ProtectionOutcome = { ok: true; protection: Protection } | { ok: false; reason: string };

export const NO_PROTECTION: Protection = { stopLoss: null, takeProfit: null, trailing: null };

export function asksForProtection(req: ProtectionRequest | undefined): req is ProtectionRequest {
  return !!req && (req.stopLoss !== undefined || req.takeProfit !== undefined || req.trailingStop !== undefined);
}

/**
 * Checks a long entry's protections against the price it will fill at and puts them on the tick.
 * The stop rounds down and the target up — never closer to the entry than asked. A stop that is
 * not below the entry, a target not above it, or a trailing stop that would start at or below
 * zero makes the whole entry refused (the caller records it with this reason): a position is
 * never opened without a protection its caller asked for.
 */
export function resolveProtection(req: ProtectionRequest, entryPrice: Decimal, tick: Decimal): ProtectionOutcome {
  const entry = toPlain(entryPrice);
  let stopLoss: Decimal | null = null;
  let takeProfit: Decimal | null = null;
  let trailing: TrailingSpec | null = null;
  if (req.stopLoss !== undefined) {
    stopLoss = dec(req.stopLoss).div(tick).floor().mul(tick);
    if (stopLoss.lte(0) || stopLoss.gte(entryPrice)) {
      return { ok: false, reason: `stop-loss ${req.stopLoss} must be above 0 and below the entry price ${entry}` };
    }
  }
  if (req.takeProfit !== undefined) {
    takeProfit = dec(req.takeProfit).div(tick).ceil().mul(tick);
    if (takeProfit.lte(entryPrice)) {
      return { ok: false, reason: `take-profit ${req.takeProfit} must be above the entry price ${entry}` };
    }
  }
  if (req.trailingStop !== undefined) {
    const t = req.trailingStop;
    const value = dec(t.value);
    const activation = t.activation === undefined || t.activation === null ? null : dec(t.activation);
    if (value.lte(0)) return { ok: false, reason: `trailing stop value ${t.value} must be above 0` };
    if (t.type === 'percent' && value.gte(1)) {
      return {
        ok: false,
        reason: `trailing stop of ${t.value} must be a fraction of the high below 1 (0.02 = 2 %)`,
      };
    }
    if (t.type === 'distance' && value.gte(entryPrice)) {
      return { ok: false, reason: `trailing stop distance ${t.value} must be below the entry price ${entry}` };
    }
    if (activation !== null && activation.isNegative()) {
      return { ok: false, reason: `trailing stop activation ${t.activation} must not be negative` };
    }
    trailing = { type: t.type, value, activation };
  }
  return { ok: true, protection: { stopLoss, takeProfit, trailing } };
}
