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

export interface CandleVerdict {
  exit: ExitDecision | null;
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
 * - Without an exit, the trail moves with the candle's high. The level it moves to applies from the
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

  const trail = position.trail;
  if (!protection.trailing || !trail) return NOTHING;
  // No new high, no move: settled without reading the entry price.
  if (!belowPrice(trail.high, doubleIf(f, trail.high), candle, 'high')) return NOTHING;
  return {
    exit: null,
    trail: advanceTrail(protection.trailing, entryOf(position), trail, candle.high, tick),
  };
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
const NOTHING: CandleVerdict = Object.freeze({ exit: null, trail: null });

function exitAt(reason: ExitDecision['reason'], price: Decimal, gapped: boolean): CandleVerdict {
  return { exit: { reason, price, gapped }, trail: null };
}
