import { dec, type Decimal } from '@roottrading/accounting';
import type { TrailingSpec } from '../protection/entry-protection.js';

export interface TrailState {
  /** Highest price since entry. */
  high: Decimal;
  /** The stop level now; null until the trail is active. */
  stop: Decimal | null;
}

/** Has the price gained enough over the entry for the trail to start? */
export function trailActive(spec: TrailingSpec, entryPrice: Decimal, high: Decimal): boolean {
  return spec.activation === null || high.gte(entryPrice.mul(dec(1).plus(spec.activation)));
}

/** The level a trail stands at for a given high, down to the tick (a stop never rounds closer to the price). */
export function trailLevel(spec: TrailingSpec, high: Decimal, tick: Decimal): Decimal {
  const raw = spec.type === 'percent' ? high.mul(dec(1).minus(spec.value)) : high.minus(spec.value);
  return raw.div(tick).floor().mul(tick);
}

/**
 * A new trail from `high` (the entry's fill price, or a higher high the position already saw): it
 * stands at once unless it waits for a gain over the (average) entry price.
 */
export function startTrail(spec: TrailingSpec, entryPrice: Decimal, high: Decimal, tick: Decimal): TrailState {
  return { high, stop: trailActive(spec, entryPrice, high) ? trailLevel(spec, high, tick) : null };
}

/**
 * Moves the trail after a candle: on a new high the high rises with it, and the stop follows it
 * once active — only ever up. A candle that makes no new high moves nothing (the stop already
 * stands where the high put it). Returns null when nothing changed.
 */
export function advanceTrail(
  spec: TrailingSpec,
  entryPrice: Decimal,
  state: TrailState,
  candleHigh: Decimal,
  tick: Decimal,
): TrailState | null {
  if (!candleHigh.gt(state.high)) return null;
  const high = candleHigh;
  let stop = state.stop;
  if (trailActive(spec, entryPrice, high)) {
    const level = trailLevel(spec, high, tick);
    if (stop === null || level.gt(stop)) stop = level;
  }
  const changed = !high.eq(state.high) || (stop !== null && (state.stop === null || !stop.eq(state.stop)));
  return changed ? { high, stop } : null;
}

/**
 * Where a trail stands after the candles since its entry, rebuilt rather than read back: a restart
 * takes the stored candles since the fill (oldest first) and replays each high through the same
 * rule the candle step uses, so the trail is exactly what it would have been without the restart.
 */
export function rebuildTrail(
  spec: TrailingSpec,
  entryPrice: Decimal,
  fillPrice: Decimal,
  highs: Iterable<Decimal>,
  tick: Decimal,
): TrailState {
  let state = startTrail(spec, entryPrice, fillPrice, tick);
  for (const high of highs) state = advanceTrail(spec, entryPrice, state, high, tick) ?? state;
  return state;
}
