import { dec, type Decimal } from '@roottrading/accounting';
import { intervalToMs, type ExitReason, type Side, type Signal } from '@roottrading/contracts';
import type { DueExit } from '../monitor/position-monitor.js';
import { exitClientOrderId, manualClientOrderId, signalClientOrderId } from '../orders/client-order-id.js';
import type { ProtectionRequest } from '@roottrading/engine';
import type { OrderIntent } from '../orders/execute-order.js';
import type { PriceLookup } from '../prices/last-prices.js';

/** The strategy name manual orders trade under; their position is theirs alone. */
export const MANUAL_STRATEGY = 'manual';

/**
 * A signal's order: a BUY buys (TRADE_QUANTITY, or sized by the risk manager) with the signal's
 * protections, a SELL sells the whole position (exit reason "signal"). It fills at the candle's
 * close and at the candle's time, so a replay lines up with its own history.
 */
export function signalIntent(
  signal: Signal,
  buyQuantity: Decimal | 'sized',
  refuse: OrderIntent['refuse'],
): OrderIntent {
  const buy = signal.side === 'BUY';
  return {
    strategy: signal.strategy,
    symbol: signal.symbol,
    side: signal.side,
    requested: buy ? buyQuantity : 'all',
    buyOnlyWhenFlat: true,
    referencePrice: dec(signal.price),
    refuse,
    signalId: signal.id,
    idempotencyKey: null,
    clientOrderId: signalClientOrderId(signal.id),
    fillTime: new Date(signal.timestamp + intervalToMs(signal.interval) - 1),
    exitReason: buy ? undefined : 'signal',
    protection: buy ? protectionOf(signal) : undefined,
  };
}

export interface ManualOrder {
  symbol: string;
  side: Side;
  quantity: Decimal;
  protection?: ProtectionRequest;
  idempotencyKey: string | null;
}

/** A manual market order at the last price, now; a SELL is an exit with reason "manual". */
export function manualIntent(req: ManualOrder, lookup: PriceLookup, now: Date): OrderIntent {
  return {
    strategy: MANUAL_STRATEGY,
    symbol: req.symbol,
    side: req.side,
    requested: req.quantity,
    buyOnlyWhenFlat: false,
    referencePrice: lookup.ok ? lookup.price : null,
    refuse: lookup.ok ? undefined : { status: 'rejected', reason: lookup.reason },
    signalId: null,
    idempotencyKey: req.idempotencyKey,
    clientOrderId: manualClientOrderId(),
    fillTime: now,
    exitReason: req.side === 'SELL' ? 'manual' : undefined,
    protection: req.side === 'BUY' ? req.protection : undefined,
  };
}

/** A stop-loss, take-profit or trailing-stop exit: the whole position at the computed price, at the candle's time. */
export function protectiveExitIntent(due: DueExit): OrderIntent {
  return {
    strategy: due.strategy,
    symbol: due.symbol,
    side: 'SELL',
    requested: 'all',
    buyOnlyWhenFlat: false,
    referencePrice: due.price,
    exactPrice: true,
    onlyIfOpenedAt: due.openedAt,
    signalId: null,
    idempotencyKey: null,
    clientOrderId: exitClientOrderId(),
    fillTime: new Date(due.candle.closeTime),
    exitReason: due.reason,
  };
}

/** Closing a whole position at the last price: close-all (manual) or the kill switch's liquidation. */
export function closeIntent(
  position: { strategy: string; symbol: string; openedAt: Date | null },
  lookup: PriceLookup,
  reason: Extract<ExitReason, 'manual' | 'kill_switch'>,
  fillTime: Date,
): OrderIntent {
  return {
    strategy: position.strategy,
    symbol: position.symbol,
    side: 'SELL',
    requested: 'all',
    buyOnlyWhenFlat: false,
    referencePrice: lookup.ok ? lookup.price : null,
    refuse: lookup.ok ? undefined : { status: 'rejected', reason: lookup.reason },
    onlyIfOpenedAt: position.openedAt ?? undefined,
    signalId: null,
    idempotencyKey: null,
    clientOrderId: reason === 'manual' ? manualClientOrderId() : exitClientOrderId(),
    fillTime,
    exitReason: reason,
  };
}

function protectionOf(signal: Signal): ProtectionRequest | undefined {
  if (!signal.stopLoss && !signal.takeProfit && !signal.trailingStop) return undefined;
  return { stopLoss: signal.stopLoss, takeProfit: signal.takeProfit, trailingStop: signal.trailingStop };
}

/** A manual order's outcome in either mode: the order (replayed for a reused Idempotency-Key), or a key used for another order. */
export type ManualOutcomeOf<R> =
  { kind: 'order'; result: R; replayed: boolean } | { kind: 'key-conflict'; existing: R };
