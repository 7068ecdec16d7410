import { dec, toPlain, type Decimal } from '@roottrading/accounting';

/** Protective exits as a signal or a manual order asks for them (prices in the quote currency). */
export interface ProtectionRequest {
  stopLoss?: string;
  takeProfit?: string;
  trailingStop?: { type: 'percent' | 'distance'; value: string; activation?: string | null };
  /** Sell `fraction` of the position once the price reaches `price` (a signal's PARTIAL_TAKE_PROFIT). */
  partialTakeProfit?: { price: string; fraction: string };
  /** Close at the close of the Nth base candle after the entry candle (a signal's TIME_STOP). */
  timeStop?: number;
}

export interface PartialSpec {
  /** The level, on the tick (rounded up: never closer to the entry than asked). */
  price: Decimal;
  /** Share of the position sold there, above 0 and below 1. */
  fraction: Decimal;
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
  partial: PartialSpec | null;
  /** Base candles after the entry candle; the position is sold at the close of the last one. */
  timeStop: number | null;
}

export type ProtectionOutcome = { ok: true; protection: Protection } | { ok: false; reason: string };

export const NO_PROTECTION: Protection = {
  stopLoss: null,
  takeProfit: null,
  trailing: null,
  partial: null,
  timeStop: null,
};

export function asksForProtection(req: ProtectionRequest | undefined): req is ProtectionRequest {
  return (
    !!req &&
    (req.stopLoss !== undefined ||
      req.takeProfit !== undefined ||
      req.trailingStop !== undefined ||
      req.partialTakeProfit !== undefined ||
      req.timeStop !== undefined)
  );
}

/** Whether the candle step has anything to watch on a position with these protections. */
export function isProtected(p: Protection): boolean {
  return !!(p.stopLoss || p.takeProfit || p.trailing || p.partial || p.timeStop !== null);
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
  let partial: PartialSpec | null = null;
  if (req.partialTakeProfit !== undefined) {
    const { price, fraction } = req.partialTakeProfit;
    const level = dec(price).div(tick).ceil().mul(tick);
    if (level.lte(entryPrice)) {
      return { ok: false, reason: `partial take-profit ${price} must be above the entry price ${entry}` };
    }
    const share = dec(fraction);
    if (share.lte(0) || share.gte(1)) {
      return { ok: false, reason: `partial take-profit share ${fraction} must be above 0 and below 1 (0.5 = half)` };
    }
    partial = { price: level, fraction: share };
  }
  let timeStop: number | null = null;
  if (req.timeStop !== undefined) {
    if (!Number.isSafeInteger(req.timeStop) || req.timeStop < 1) {
      return { ok: false, reason: `time stop ${req.timeStop} must be a whole number of candles, at least 1` };
    }
    timeStop = req.timeStop;
  }
  return { ok: true, protection: { stopLoss, takeProfit, trailing, partial, timeStop } };
}
