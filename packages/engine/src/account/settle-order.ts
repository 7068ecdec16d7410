import { unlock } from '../core/balances.js';
import { SETTLED_KEPT, type StepContext } from '../core/state.js';
import { continueExit } from './sell-whole.js';
import { positionKey, type EngineOrder } from '../core/types.js';

/**
 * A live order ends without (more) fills — rejected by the exchange, cancelled or expired: the
 * funds it still held go back, and an exit it was clears so the position can be exited again.
 */
export function settleUnfilled(
  ctx: StepContext,
  order: EngineOrder,
  status: 'rejected' | 'canceled' | 'expired',
  reason: string | null,
): EngineOrder {
  const { state } = ctx;
  if (order.reserved) unlock(ctx, order.reserved);
  state.orders.delete(order.id);
  const key = positionKey(order.strategy, order.symbol);
  const position = state.positions.get(key);
  if (position?.exitOrderId === order.id) {
    const cleared = { ...position, exitOrderId: null };
    state.positions.set(key, cleared);
    ctx.log.emit({ type: 'position', position: cleared });
  }
  const next: EngineOrder = { ...order, status, reason, reserved: null };
  if (ctx.config.execution === 'exchange') keepSettled(ctx, next);
  ctx.log.emit({ type: 'order-updated', order: next });
  continueExit(ctx, order.strategy, order.symbol);
  return next;
}

/**
 * Cancels a live order: at once in paper mode; with an exchange, a cancel request goes out and the
 * executor's update settles it (the order still counts until then).
 */
export function cancelOrder(ctx: StepContext, order: EngineOrder, reason: string): void {
  if (ctx.config.execution === 'exchange') {
    ctx.log.emit({ type: 'cancel-order', orderId: order.id, reason });
    return;
  }
  settleUnfilled(ctx, order, 'canceled', reason);
}

/** The live orders matching `keep`, oldest first. */
export function liveOrders(ctx: StepContext, keep: (o: EngineOrder) => boolean): EngineOrder[] {
  return [...ctx.state.orders.values()].filter(keep).sort((a, b) => orderNumber(a) - orderNumber(b));
}

function orderNumber(o: EngineOrder): number {
  return Number(o.id.slice(1));
}

/**
 * A resting SELL holds the position's coins: an exit of the whole position cancels it first (paper:
 * at once, so the exit can sell all of it; exchange: the cancel goes out and the exit waits for it).
 */
export function cancelRestingSells(ctx: StepContext, strategy: string, symbol: string, reason: string): number {
  const resting = liveOrders(
    ctx,
    (o) => o.side === 'SELL' && o.type === 'limit' && o.strategy === strategy && o.symbol === symbol,
  );
  for (const o of resting) cancelOrder(ctx, o, reason);
  return resting.length;
}

/** An order settled unfilled stays findable for a while: the exchange may still report a fill it made first. */
export function keepSettled(ctx: StepContext, order: EngineOrder): void {
  const { settled } = ctx.state;
  settled.delete(order.id);
  settled.set(order.id, order);
  if (settled.size > SETTLED_KEPT) settled.delete(settled.keys().next().value!);
}
