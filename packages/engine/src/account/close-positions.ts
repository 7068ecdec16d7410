import type { ExitReason } from '@roottrading/contracts';
import type { StepContext } from '../core/state.js';
import type { CloseFilter } from '../core/events.js';
import { byText, type EngineOrder } from '../core/types.js';
import { placeOrder } from './place-order.js';
import { cancelRestingSells } from './settle-order.js';

/**
 * Sells every matching position whole at its last close (a SELL at market, slippage applied), in
 * symbol then strategy order. A resting SELL of the position is cancelled first so all of it can be
 * sold; a position whose exit is already in flight is left to it (never sold twice). A position with
 * no fresh price is refused with the reason, the others go on.
 */
export function closePositions(
  ctx: StepContext,
  filter: CloseFilter,
  reason: Extract<ExitReason, 'manual' | 'kill_switch'>,
  fillTime: number,
): EngineOrder[] {
  const { state, config } = ctx;
  const targets = [...state.positions.values()]
    .filter(
      (p) => (!filter.symbol || p.symbol === filter.symbol) && (!filter.strategy || p.strategy === filter.strategy),
    )
    .filter((p) => p.exitOrderId === null)
    .sort((a, b) => byText(a.symbol, b.symbol) || byText(a.strategy, b.strategy));
  const placed: EngineOrder[] = [];
  for (const p of targets) {
    cancelRestingSells(ctx, p.strategy, p.symbol, `canceled to close the position (${reason})`);
    const last = state.lastCandles.get(p.symbol);
    const stale = !last
      ? `no price for ${p.symbol} yet`
      : ctx.log.at - last.closeTime > config.priceMaxAgeMs
        ? `the last price of ${p.symbol} is from ${new Date(last.closeTime).toISOString()}, older than ${config.priceMaxAgeMs / 1000}s`
        : null;
    placed.push(
      placeOrder(ctx, {
        source: reason === 'manual' ? 'close' : 'kill_switch',
        strategy: p.strategy,
        symbol: p.symbol,
        side: 'SELL',
        type: 'market',
        requested: 'all',
        buyOnlyWhenFlat: false,
        referencePrice: last?.close ?? p.life.holding.cost.div(p.life.holding.quantity),
        exactPrice: false,
        exitReason: reason,
        fillTime,
        ...(stale ? { refuse: { status: 'rejected' as const, reason: stale } } : {}),
      }),
    );
  }
  return placed;
}
