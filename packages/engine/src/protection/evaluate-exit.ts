import { Decimal } from '@roottrading/accounting';
import type { ExitReason } from '@roottrading/contracts';
import type { Protection } from '../protection/entry-protection.js';
import { atMostPrice, belowPrice, doubleIf, lessThan, priceAtMost } from '../core/quick-compare.js';
import type { CandleFloats } from '../core/types.js';
import { advanceTrail, type TrailState } from './trailing.js';

/** What the monitor knows of one protected long position. */
export interface WatchedPosition {
  /**
   * Average entry price (a trailing stop's activation gain is measured from it), or the holding it
   * is worked out from (cost / quantity) when needed — a holding rather than a function, so that
   * checking a candle makes no closure.
   */
  entryPrice: Decimal | EntryCost;
  protection: Protection;
  /** Present when the position has a trailing stop. */
  trail: TrailState | null;
  /** The partial take-profit was already taken: it is not looked at again. */
  partialTaken?: boolean;
}

export interface EntryCost {
  cost: Decimal;
  quantity: Decimal;
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

  // The candle's prices are named, not read: most candles are settled by their doubles alone.
  if (stop && priceAtMost(candle, 'open', stop.level, stopF)) return exitAt(stop.reason, candle.open, true);
  if (target && atMostPrice(target, targetF, candle, 'open')) return exitAt('take_profit', candle.open, true);
  if (stop && priceAtMost(candle, 'low', stop.level, stopF)) return exitAt(stop.reason, stop.level, false);
  if (target && atMostPrice(target, targetF, candle, 'high')) return exitAt('take_profit', target, false);

  const partial = position.partialTaken ? null : partialReached(protection.partial?.price ?? null, candle);
  const trail = position.trail;
  if (!protection.trailing || !trail) return noExit(partial);
  // No new high, no move: settled without reading the entry price.
  if (!belowPrice(trail.high, doubleIf(f, trail.high), candle, 'high')) return noExit(partial);
  return {
    exit: null,
    partial,
    trail: advanceTrail(protection.trailing, entryOf(position), trail, candle.high, tick),
  };
}

function partialReached(level: Decimal | null, candle: CandleRange): PartialDecision | null {
  if (!level) return null;
  const levelF = doubleIf(candle.floats, level);
  // Named, not read, as the stops and targets are: the candle's Decimal is parsed only on a tie.
  if (atMostPrice(level, levelF, candle, 'open')) return { price: candle.open, gapped: true };
  if (atMostPrice(level, levelF, candle, 'high')) return { price: level, gapped: false };
  return null;
}

const entryOf = ({ entryPrice: e }: WatchedPosition): Decimal => (Decimal.isDecimal(e) ? e : e.cost.div(e.quantity));

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

/** The verdict of most candles, shared (no caller changes a verdict). */
const NOTHING: CandleVerdict = Object.freeze({ exit: null, partial: null, trail: null });

const noExit = (partial: PartialDecision | null): CandleVerdict =>
  partial ? { exit: null, partial, trail: null } : NOTHING;

function exitAt(reason: ExitDecision['reason'], price: Decimal, gapped: boolean): CandleVerdict {
  return { exit: { reason, price, gapped }, partial: null, trail: null };
}
