import { dec, floorToStep, toPlain } from '@roottrading/accounting';
import type { CancelEvent, ManualOrderRequest } from '../core/events.js';
import type { StepContext } from '../core/state.js';
import { MANUAL_STRATEGY } from '../core/types.js';
import type { Markets } from '../markets/market-rules.js';
import { placeOrder } from './place-order.js';
import { lastPrice, stalePrice } from './sell-whole.js';
import { cancelOrder } from './settle-order.js';

/**
 * A manual order, market (at the last close, which must be fresh) or limit (resting at its price,
 * which must be on the tick), with protections for a BUY. With an Idempotency-Key the first outcome
 * is final in every mode: the same key and body get that order back, the same key with another
 * body a conflict — nothing is traded either way.
 */
export function manualOrder(ctx: StepContext, req: ManualOrderRequest): void {
  const { state, config } = ctx;
  const key = req.idempotencyKey;
  const fingerprint = idempotencyFingerprint(ctx.config.markets, req);
  if (key !== undefined) {
    const seen = state.idempotency.get(key);
    if (seen) {
      const same = seen.fingerprint === fingerprint;
      ctx.log.emit({ type: same ? 'manual-replayed' : 'manual-conflict', idempotencyKey: key, orderId: seen.orderId });
      return;
    }
  }
  const rules = config.markets.get(req.symbol);
  const last = lastPrice(state, req.symbol);
  const refusal = (): string | null => {
    if (!config.symbols.includes(req.symbol))
      return `${req.symbol} is not traded here (SYMBOLS is ${config.symbols.join(',')})`;
    if (!rules) return `no market rules for ${req.symbol}`;
    if (req.orderType === 'limit') {
      if (!req.price || req.price.lte(0)) return 'a limit order needs a price above 0';
      if (!req.price.mod(rules.tickSize).isZero()) {
        return `limit price ${toPlain(req.price)} is not a multiple of the tick ${toPlain(rules.tickSize)} of ${req.symbol}`;
      }
      return null;
    }
    return stalePrice(ctx, req.symbol);
  };
  const reason = refusal();
  const order = placeOrder(ctx, {
    source: 'manual',
    strategy: MANUAL_STRATEGY,
    symbol: req.symbol,
    side: req.side,
    type: req.orderType,
    requested: req.quantity,
    buyOnlyWhenFlat: false,
    referencePrice: req.orderType === 'limit' ? req.price! : (last?.price ?? dec(0)),
    exactPrice: req.orderType === 'limit',
    exitReason: req.side === 'SELL' ? 'manual' : undefined,
    protection: req.side === 'BUY' ? req.protection : undefined,
    idempotencyKey: key,
    fillTime: ctx.log.at,
    ...(reason ? { refuse: { status: 'rejected' as const, reason } } : {}),
  });
  if (key !== undefined) state.idempotency.set(key, { fingerprint, orderId: order.id });
}

/**
 * What makes two requests "the same order": everything asked, the quantity on the market's step. A
 * runner rebuilds it from a stored order to restore the account's Idempotency-Keys.
 */
export function idempotencyFingerprint(markets: Markets, req: Omit<ManualOrderRequest, 'idempotencyKey'>): string {
  const rules = markets.get(req.symbol);
  const quantity = rules ? floorToStep(req.quantity, rules.stepSize) : req.quantity;
  const t = req.protection?.trailingStop;
  return JSON.stringify([
    req.symbol,
    req.side,
    req.orderType,
    toPlain(quantity),
    req.price ? toPlain(req.price) : null,
    req.protection?.stopLoss ?? null,
    req.protection?.takeProfit ?? null,
    t ? [t.type, t.value, t.activation ?? null] : null,
  ]);
}

/** An operator's cancel of a live order. */
export function cancel(ctx: StepContext, event: CancelEvent): void {
  const order = ctx.state.orders.get(event.orderId);
  if (!order) {
    ctx.log.emit({ type: 'refused', event: 'cancel', reason: `no open order ${event.orderId}` });
    return;
  }
  cancelOrder(ctx, order, `canceled by ${event.by}`);
}
