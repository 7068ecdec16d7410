import { balanceDeltas, dec, FLAT_LIFE, recordTrade, type Decimal } from '@roottrading/accounting';
import { addFree, unlock } from '../core/balances.js';
import type { StepContext } from '../core/state.js';
import { positionKey, type EngineOrder, type EnginePosition, type FeeRole } from '../core/types.js';
import { NO_PROTECTION } from '../protection/entry-protection.js';
import { startTrail } from '../protection/trailing.js';
import { bookResult } from '../risk/instance-budget.js';
import { continueExit } from './sell-whole.js';
import { revalueSymbol } from './valuation.js';

export interface Fill {
  tradeId: string;
  time: number;
  price: Decimal;
  quantity: Decimal;
  fee: Decimal;
  feeCurrency: string;
  /** The fee in the quote currency when it is charged in a third asset; null when it could not be valued. */
  feeQuote: Decimal | null;
  role: FeeRole;
}

/**
 * Books one fill of a live order: the trade, the strategy's position (opened, grown, reduced or
 * closed, with its life), the funds the order held given back in proportion and the balances moved.
 * A trade id already applied to the order is ignored, so a fill reported twice counts once.
 * Returns false when nothing was applied.
 */
export function applyFill(ctx: StepContext, orderId: string, fill: Fill): boolean {
  const { state, config } = ctx;
  const live = state.orders.get(orderId);
  // A fill the exchange made before the cancel, expiry or rejection reached us is booked all the same.
  const order = live ?? state.settled.get(orderId);
  const rules = order && config.markets.get(order.symbol);
  if (!order || !rules || order.tradeIds.includes(fill.tradeId) || fill.quantity.lte(0)) return false;

  const key = positionKey(order.strategy, order.symbol);
  const before = state.positions.get(key);
  const feeAsset = fill.feeCurrency === rules.base ? 'base' : fill.feeCurrency === rules.quote ? 'quote' : 'other';
  // A third-asset fee (BNB) is booked on the position at its quote value; the coins leave that asset.
  const feeQuote = feeAsset === 'base' ? fill.fee.mul(fill.price) : feeAsset === 'quote' ? fill.fee : fill.feeQuote;
  const asTrade = {
    side: order.side,
    quantity: fill.quantity,
    price: fill.price,
    fee: feeAsset === 'other' ? (feeQuote ?? dec(0)) : fill.fee,
    feeAsset: feeAsset === 'base' ? ('base' as const) : ('quote' as const),
  };
  const life = before?.life ?? FLAT_LIFE;
  // More sold than the strategy holds (coins bought outside it): only its own holding leaves the
  // position, the fee then valued in the quote currency; with nothing held the position is untouched.
  const held = life.holding.quantity;
  const baseFee = asTrade.feeAsset === 'base' ? asTrade.fee : dec(0);
  const oversold = order.side === 'SELL' && asTrade.quantity.plus(baseFee).gt(held);
  const booked = oversold
    ? { ...asTrade, quantity: held, fee: feeQuote ?? dec(0), feeAsset: 'quote' as const }
    : asTrade;
  const update =
    order.side === 'SELL' && held.isZero()
      ? null
      : recordTrade(life, booked, new Date(fill.time), { dustBelow: rules.stepSize });

  const remainingBefore = order.quantity.minus(order.filledQuantity);
  const filledQuantity = order.filledQuantity.plus(fill.quantity);
  const done = !!live && filledQuantity.gte(order.quantity);
  let reserved = order.reserved;
  if (reserved) {
    const share = done ? reserved.amount : reserved.amount.mul(fill.quantity).div(remainingBefore);
    unlock(ctx, { asset: reserved.asset, amount: share });
    reserved = done ? null : { asset: reserved.asset, amount: reserved.amount.minus(share) };
  }
  const deltas = balanceDeltas({ ...asTrade, fee: feeAsset === 'other' ? dec(0) : fill.fee });
  moveBalances(ctx, fill.time, [
    [rules.base, deltas.base],
    [rules.quote, deltas.quote],
    ...(feeAsset === 'other' ? [[fill.feeCurrency, fill.fee.neg()] as const] : []),
  ]);

  const next: EngineOrder = {
    ...order,
    status: done ? 'filled' : order.status,
    filledQuantity,
    reserved,
    tradeIds: [...order.tradeIds, fill.tradeId],
  };
  if (!live) state.settled.set(order.id, next);
  else if (done) state.orders.delete(order.id);
  else state.orders.set(order.id, next);

  ctx.log.emit({
    type: 'trade',
    trade: {
      orderId: order.id,
      tradeId: fill.tradeId,
      strategy: order.strategy,
      symbol: order.symbol,
      side: order.side,
      time: fill.time,
      price: fill.price,
      quantity: fill.quantity,
      quoteQuantity: fill.price.mul(fill.quantity),
      fee: fill.fee,
      feeCurrency: fill.feeCurrency,
      feeQuote,
      role: fill.role,
      realizedPnl: update?.realized ?? null,
      exitReason: order.exitReason,
      signalId: order.signalId,
    },
  });
  ctx.log.emit({ type: 'order-updated', order: next });

  // Without an update (a SELL with nothing of the strategy's held) the trade and balances are booked, no position.
  if (update?.closed) {
    state.positions.delete(key);
    bookResult(state, order.strategy, order.symbol, update.closed.netPnl);
    ctx.log.emit({
      type: 'position-closed',
      closed: {
        ...update.closed,
        strategy: order.strategy,
        symbol: order.symbol,
        exitReason: order.exitReason ?? 'manual',
      },
    });
  } else if (update) {
    const position = nextPosition(ctx, order, before, update.life, fill.price, done);
    state.positions.set(key, position);
    ctx.log.emit({ type: 'position', position });
  }
  revalueSymbol(state, order.symbol);
  if (order.side === 'SELL' && done) continueExit(ctx, order.strategy, order.symbol);
  return true;
}

/**
 * A fill moves the free balances — unless the exchange's last balances read, taken after it, holds
 * it already. Moves after that read are kept, to be laid over the next one.
 */
function moveBalances(ctx: StepContext, time: number, moves: readonly (readonly [string, Decimal])[]): void {
  const { state, config } = ctx;
  if (config.execution === 'exchange' && state.balancesAsOf !== null && time <= state.balancesAsOf) return;
  for (const [asset, delta] of moves) addFree(ctx, asset, delta);
  if (config.execution === 'exchange') state.unread = [...state.unread, { time, moves }];
}

/**
 * The position after a fill. A new position takes the entry's protections and is first checked on
 * the candle after the last one stepped; a BUY that adds to one replaces the protections it gives
 * and keeps the others; a partial exit keeps them all. The exit in flight is cleared once filled.
 */
function nextPosition(
  ctx: StepContext,
  order: EngineOrder,
  before: EnginePosition | undefined,
  life: EnginePosition['life'],
  price: Decimal,
  done: boolean,
): EnginePosition {
  const tick = ctx.config.markets.get(order.symbol)!.tickSize;
  const exitOrderId = before?.exitOrderId === order.id && done ? null : (before?.exitOrderId ?? null);
  const kept: EnginePosition = before
    ? { ...before, life, exitOrderId }
    : {
        strategy: order.strategy,
        symbol: order.symbol,
        life,
        protection: NO_PROTECTION,
        trail: null,
        checkedThrough: ctx.state.lastCandles.get(order.symbol)?.openTime ?? null,
        entryCandle: ctx.state.lastCandles.get(order.symbol)?.openTime ?? null,
        partialTaken: false,
        exitOrderId: null,
      };
  if (order.side === 'SELL' || !order.protection) return kept;
  const p = order.protection;
  const protection = {
    stopLoss: p.stopLoss ?? kept.protection.stopLoss,
    takeProfit: p.takeProfit ?? kept.protection.takeProfit,
    trailing: p.trailing ?? kept.protection.trailing,
    partial: p.partial ?? kept.protection.partial,
    timeStop: p.timeStop ?? kept.protection.timeStop,
  };
  let trail = kept.trail;
  if (p.trailing) {
    // A new trailing rule starts from this fill, or from the higher high the position already saw.
    const entry = life.holding.cost.div(life.holding.quantity);
    const high = kept.trail && kept.trail.high.gt(price) ? kept.trail.high : price;
    trail = startTrail(p.trailing, entry, high, tick);
  }
  return { ...kept, protection, trail };
}
