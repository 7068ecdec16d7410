import type { ExitReason } from '@roottrading/contracts';
import { dec, type Decimal } from '@roottrading/accounting';
import type { EngineState, StepContext } from '../core/state.js';
import { positionKey, type EngineOrder, type EnginePosition, type OrderSource } from '../core/types.js';
import { placeOrder, type OrderAsk } from './place-order.js';
import { cancelOrder, cancelRestingSells, liveOrders } from './settle-order.js';

export interface WholeExit {
  source: OrderSource;
  exitReason: ExitReason;
  /** The level crossed (exact) or the last close (slippage applied). */
  price: OrderAsk['referencePrice'];
  exactPrice: boolean;
  fillTime: number;
  refuse?: OrderAsk['refuse'];
}

/**
 * Every exit of a whole position — stop, target, trailing stop, close, kill switch — goes through
 * here. BUYs of the position still in flight are cancelled (no regrowth after the exit); resting
 * SELLs are cancelled first, since they hold its coins, then all of it is sold at market. With an
 * exchange the cancels take a round trip: what is free is sold now, and what the resting SELLs held
 * once they are gone (`continueExit`). Returns the SELL placed, or null while there is none to place.
 */
export function sellWhole(ctx: StepContext, p: EnginePosition, exit: WholeExit): EngineOrder | null {
  const { state, config } = ctx;
  const why = `canceled for the ${exit.exitReason.replace('_', '-')} exit`;
  const mine = (o: EngineOrder) => o.strategy === p.strategy && o.symbol === p.symbol;
  for (const o of liveOrders(ctx, (o) => mine(o) && o.side === 'BUY' && o.type === 'market')) cancelOrder(ctx, o, why);
  const cancelling = cancelRestingSells(ctx, p.strategy, p.symbol, why);
  const key = positionKey(p.strategy, p.symbol);
  const waits = config.execution === 'exchange' && cancelling > 0;
  const heldByResting = liveOrders(ctx, (o) => mine(o) && o.side === 'SELL').reduce(
    (n, o) => n.plus(o.quantity.minus(o.filledQuantity)),
    dec(0),
  );
  const order =
    waits && heldByResting.gte(p.life.holding.quantity)
      ? null
      : placeOrder(ctx, {
          source: exit.source,
          strategy: p.strategy,
          symbol: p.symbol,
          side: 'SELL',
          type: 'market',
          requested: 'all',
          buyOnlyWhenFlat: false,
          referencePrice: exit.price,
          exactPrice: exit.exactPrice,
          exitReason: exit.exitReason,
          fillTime: exit.fillTime,
          ...(exit.refuse ? { refuse: exit.refuse } : {}),
        });
  const now = state.positions.get(key);
  if (waits && now) {
    const waiting = { ...now, exitWhenFreed: { source: exit.source, exitReason: exit.exitReason } };
    state.positions.set(key, waiting);
    ctx.log.emit({ type: 'position', position: waiting });
  }
  return order;
}

/**
 * An exit that waited for resting SELLs to be cancelled goes on once they are and no exit of the
 * position is in flight: the rest is sold at the last close.
 */
export function continueExit(ctx: StepContext, strategy: string, symbol: string): void {
  const { state } = ctx;
  const key = positionKey(strategy, symbol);
  const p = state.positions.get(key);
  if (!p?.exitWhenFreed || p.exitOrderId !== null) return;
  const resting = liveOrders(ctx, (o) => o.strategy === strategy && o.symbol === symbol && o.side === 'SELL');
  if (resting.length > 0) return;
  const next = { ...p, exitWhenFreed: null };
  state.positions.set(key, next);
  const stale = stalePrice(ctx, symbol);
  sellWhole(ctx, next, {
    ...p.exitWhenFreed,
    price: lastPrice(state, symbol)?.price ?? p.life.holding.cost.div(p.life.holding.quantity),
    exactPrice: false,
    fillTime: ctx.log.at,
    ...(stale ? { refuse: { status: 'rejected' as const, reason: stale } } : {}),
  });
}

/**
 * The price an order is priced on: the last close, or the exchange's quote where it is newer (with
 * the time each was true at).
 */
export function lastPrice(state: EngineState, symbol: string): { price: Decimal; at: number } | null {
  const candle = state.lastCandles.get(symbol);
  const quote = state.quotes.get(symbol);
  if (quote && (!candle || quote.at > candle.closeTime)) return quote;
  return candle ? { price: candle.close, at: candle.closeTime } : null;
}

/** Why the symbol's last price cannot price an order now (none yet, or older than priceMaxAgeMs); null when it can. */
export function stalePrice(ctx: StepContext, symbol: string): string | null {
  const last = lastPrice(ctx.state, symbol);
  if (!last) return `no price known for ${symbol} yet; is market data flowing?`;
  const age = ctx.log.at - last.at;
  if (age <= ctx.config.priceMaxAgeMs) return null;
  const since = new Date(last.at).toISOString();
  return `last price of ${symbol} is ${Math.round(age / 1000)}s old (limit ${Math.round(ctx.config.priceMaxAgeMs / 1000)}s, candle closed ${since}); is market data flowing?`;
}
