import type { Decimal } from '@roottrading/accounting';
import type { ExitReason } from '@roottrading/contracts';
import type { Protection } from '../protection/entry-protection.js';
import { atMost, doubleIf, lessThan } from '../core/quick-compare.js';
import type { CandleFloats } from '../core/types.js';
import { advanceTrail, type TrailState } from './trailing.js';

/** What the monitor knows of one protected long position. */
export interface WatchedPosition {
  /** Average entry price (a trailing stop's activation gain is measured from it), or how to work it out when needed. */
  entryPrice: Decimal | (() => Decimal);
  protection: Protection;
  /** Present when the position has a trailing stop. */
  trail: TrailState | null;
  /** The partial take-profit was already taken: it is not looked at again. */
  partialTaken?: boolean;
}

export interface CandleRange {
  open: Decimal;
  high: Decimal;
  low: Decimal;
  floats?: CandleFloats;
}

export interface ExitDecision {
  reason: Extract<ExitReason, 'stop_loss' | 'take_profit' | 'trailing_stop'>;
  /** The fill price: the level crossed, or the open when the candle opened past it. */
  price: Decimal;
  gapped: boolean;
}

/** The partial take-profit reached: where it fills (its level, or the open that gapped past it). */
export interface PartialDecision {
  price: Decimal;
  gapped: boolean;
}

export interface CandleVerdict {
  exit: ExitDecision | null;
  /** The partial take-profit, only on a candle with no whole exit. */
  partial: PartialDecision | null;
  /** The trail after this candle, when it moved (and no exit). */
  trail: TrailState | null;
}

/**
 * One candle against a long position's protections, with no look-ahead inside the candle:
 *
 * - The stop in force is the higher of the stop-loss and the trailing stop (a falling price meets
 *   it first; on a tie it is the stop-loss).
 * - A candle that OPENS at or past a level gapped through it: the exit fills at the open. The open
 *   is the candle's first price, so a gap decides the order of events by itself.
 * - Otherwise a candle whose low reaches the stop fills at the stop, and one whose high reaches the
 *   target fills at the target. When it reaches both, the order inside the candle is unknown and
 *   the stop is assumed first (the conservative reading).
 * - A candle with no whole exit that reaches the partial take-profit (not yet taken) takes it: at
 *   the open when it opened past it, else at its level. A stop reached on the same candle wins (the
 *   stop is assumed first), and so does the take-profit: a candle that reaches both sells it all at
 *   the take-profit, the partial share included.
 * - Without an exit, the trail moves with the candle's high (after a partial too). The level it moves to applies from the
 *   next candle: whether this candle's low came after its high is unknown.
 */
export function evaluateCandle(position: WatchedPosition, candle: CandleRange, tick: Decimal): CandleVerdict {
  const { protection } = position;
  const f = candle.floats;
  const stop = effectiveStop(protection.stopLoss, position.trail?.stop ?? null, f);
  const target = protection.takeProfit;
  const stopF = stop ? doubleIf(f, stop.level) : undefined;
  const targetF = target ? doubleIf(f, target) : undefined;

  if (stop && atMost(candle.open, f?.open, stop.level, stopF)) return exitAt(stop.reason, candle.open, true);
  if (target && atMost(target, targetF, candle.open, f?.open)) return exitAt('take_profit', candle.open, true);
  if (stop && atMost(candle.low, f?.low, stop.level, stopF)) return exitAt(stop.reason, stop.level, false);
  if (target && atMost(target, targetF, candle.high, f?.high)) return exitAt('take_profit', target, false);

  const partial = position.partialTaken ? null : partialReached(protection.partial?.price ?? null, candle);
  const trail = position.trail;
  if (!protection.trailing || !trail) return { exit: null, partial, trail: null };
  // No new high, no move: settled without reading the entry price.
  if (!lessThan(trail.high, doubleIf(f, trail.high), candle.high, f?.high)) return { exit: null, partial, trail: null };
  return {
    exit: null,
    partial,
    trail: advanceTrail(protection.trailing, entryOf(position), trail, candle.high, tick),
  };
}

function partialReached(level: Decimal | null, candle: CandleRange): PartialDecision | null {
  if (!level) return null;
  const f = candle.floats;
  const levelF = doubleIf(f, level);
  if (atMost(level, levelF, candle.open, f?.open)) return { price: candle.open, gapped: true };
  if (atMost(level, levelF, candle.high, f?.high)) return { price: level, gapped: false };
  return null;
}

const entryOf = (p: WatchedPosition): Decimal => (typeof p.entryPrice === 'function' ? p.entryPrice() : p.entryPrice);

function effectiveStop(
  stopLoss: Decimal | null,
  trailStop: Decimal | null,
  f: CandleFloats | undefined,
): { level: Decimal; reason: 'stop_loss' | 'trailing_stop' } | null {
  if (trailStop && (!stopLoss || lessThan(stopLoss, doubleIf(f, stopLoss), trailStop, doubleIf(f, trailStop))))
    return { level: trailStop, reason: 'trailing_stop' };
  if (stopLoss) return { level: stopLoss, reason: 'stop_loss' };
  return null;
}

function exitAt(reason: ExitDecision['reason'], price: Decimal, gapped: boolean): CandleVerdict {
  return { exit: { reason, price, gapped }, partial: null, trail: null };
}
