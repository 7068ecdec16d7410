import type { ExitReason } from '@roottrading/contracts';
import type { StepContext } from '../core/state.js';
import type { CloseFilter } from '../core/events.js';
import { byText, type EngineOrder } from '../core/types.js';
import { sellRestAfterPartial } from './partial-exit.js';
import { lastPrice, sellWhole, stalePrice } from './sell-whole.js';

/**
 * Sells every matching position whole at its last close (a SELL at market, slippage applied), in
 * symbol then strategy order. A resting SELL of the position is cancelled first so all of it can be
 * sold; a position whose exit is already in flight is left to it (never sold twice) — but one whose
 * partial take-profit is in flight has the rest sold once that has filled. A position with
 * no fresh price is refused with the reason, the others go on.
 */
export function closePositions(
  ctx: StepContext,
  filter: CloseFilter,
  reason: Extract<ExitReason, 'manual' | 'kill_switch'>,
  fillTime: number,
): EngineOrder[] {
  const { state } = ctx;
  const source = reason === 'manual' ? 'close' : 'kill_switch';
  const targets = [...state.positions.values()]
    .filter(
      (p) => (!filter.symbol || p.symbol === filter.symbol) && (!filter.strategy || p.strategy === filter.strategy),
    )
    .filter((p) => !sellRestAfterPartial(ctx, p, source, reason))
    .filter((p) => p.exitOrderId === null && !p.exitWhenFreed)
    .sort((a, b) => byText(a.symbol, b.symbol) || byText(a.strategy, b.strategy));
  const placed: EngineOrder[] = [];
  for (const p of targets) {
    const stale = stalePrice(ctx, p.symbol);
    const order = sellWhole(ctx, p, {
      source,
      exitReason: reason,
      price: lastPrice(state, p.symbol)?.price ?? p.life.holding.cost.div(p.life.holding.quantity),
      exactPrice: false,
      fillTime,
      ...(stale ? { refuse: { status: 'rejected' as const, reason: stale } } : {}),
    });
    if (order) placed.push(order);
  }
  return placed;
}
