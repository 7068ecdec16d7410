import { dec, floorToStep, type Decimal } from '@roottrading/accounting';
import type { ExitReason, Side } from '@roottrading/contracts';
import { freeOf, lock } from '../core/balances.js';
import type { StepContext } from '../core/state.js';
import { positionKey, type EngineOrder, type FeeRole, type OrderSource, type OrderType } from '../core/types.js';
import { fillPrice, simulateFill } from '../fills/paper-fill.js';
import { checkPosition } from '../orders/position-check.js';
import { reservationOf } from '../orders/reservation.js';
import {
  asksForProtection,
  resolveProtection,
  type Protection,
  type ProtectionRequest,
} from '../protection/entry-protection.js';
import { judgeEntry } from './entry-risk.js';

/** What a signal, a manual order, a protective exit or a close asks of the account. */
export interface OrderAsk {
  source: OrderSource;
  strategy: string;
  symbol: string;
  side: Side;
  type: OrderType;
  /** Base quantity; 'all' sells the strategy's whole position; 'sized' lets the risk manager size a BUY. */
  requested: Decimal | 'all' | 'sized';
  /** Signal strategies buy only when flat (and when no BUY of theirs is in flight). */
  buyOnlyWhenFlat: boolean;
  /** The price before slippage: the close, the last price, the level crossed or the limit. */
  referencePrice: Decimal;
  /** Fill at the reference price itself (protective exits, limits). */
  exactPrice: boolean;
  exitReason?: ExitReason;
  protection?: ProtectionRequest;
  signalId?: string;
  idempotencyKey?: string;
  /** When a paper market order fills: the candle's close time, or the event's time. */
  fillTime: number;
  /** Record the order with this status and reason and trade nothing. */
  refuse?: { status: 'rejected' | 'expired'; reason: string };
}

type Refusal = { status: 'rejected' | 'expired'; reason: string; quantity: Decimal };

/**
 * Decides one order and records it: refused (rejected or expired, with the reason — nothing else
 * changes), or placed with its funds locked. A paper market order is filled once the event's
 * decisions are made, through the same fill path an exchange's fill takes. Returns the order as recorded.
 */
export function placeOrder(ctx: StepContext, ask: OrderAsk): EngineOrder {
  const { state, config } = ctx;
  const rules = config.markets.get(ask.symbol);
  const position = state.positions.get(positionKey(ask.strategy, ask.symbol));
  const held = position?.life.holding.quantity ?? dec(0);
  const asked = ask.requested === 'all' ? held : ask.requested === 'sized' ? dec(0) : ask.requested;
  const base = newOrder(ctx, ask, rules ? floorToStep(asked, rules.stepSize) : asked);
  const refuse = (r: Refusal): EngineOrder =>
    record(ctx, { ...base, status: r.status, reason: r.reason, quantity: r.quantity });

  if (ask.refuse) return refuse({ ...ask.refuse, quantity: base.quantity });
  if (!rules) return refuse({ status: 'rejected', reason: `no market rules for ${ask.symbol}`, quantity: asked });
  const inFlight = [...state.orders.values()].filter((o) => o.strategy === ask.strategy && o.symbol === ask.symbol);
  if (position?.exitOrderId || position?.exitWhenFreed) {
    const what = position.exitOrderId ?? 'waiting for its resting SELLs to be canceled';
    const reason = `an exit of ${ask.strategy}'s ${ask.symbol} position is in flight (${what})`;
    return refuse({ status: 'rejected', reason, quantity: base.quantity });
  }
  if (ask.side === 'BUY' && ask.buyOnlyWhenFlat) {
    const buying = inFlight.find((o) => o.side === 'BUY');
    if (buying) {
      const reason = `${ask.strategy} already has a BUY of ${ask.symbol} in flight (${buying.id}); it buys again only when flat`;
      return refuse({ status: 'rejected', reason, quantity: base.quantity });
    }
  }
  // Resting SELLs hold part of the position: what is left is what may be sold.
  const selling = inFlight
    .filter((o) => o.side === 'SELL')
    .reduce((n, o) => n.plus(o.quantity.minus(o.filledQuantity)), dec(0));
  const check = checkPosition({
    strategy: ask.strategy,
    side: ask.side,
    rules,
    held,
    reserved: selling,
    requested: ask.requested === 'all' ? 'all' : asked,
    buyOnlyWhenFlat: ask.buyOnlyWhenFlat,
  });
  if (!check.ok) return refuse({ status: 'rejected', reason: check.reason, quantity: check.quantity });

  let quantity = check.quantity;
  let protection: Protection | null = null;
  if (ask.side === 'BUY') {
    const price = fillPrice('BUY', ask.referencePrice, ask.exactPrice ? dec(0) : config.costs.slippage, rules.tickSize);
    if (asksForProtection(ask.protection)) {
      const resolved = resolveProtection(ask.protection, price, rules.tickSize);
      if (!resolved.ok) return refuse({ status: 'rejected', reason: resolved.reason, quantity });
      protection = resolved.protection;
    }
    const verdict = judgeEntry(ctx, {
      strategy: ask.strategy,
      symbol: ask.symbol,
      rules,
      price,
      requested: ask.requested === 'sized' ? null : quantity,
      stopLoss: protection?.stopLoss ?? position?.protection.stopLoss ?? null,
    });
    if (!verdict.ok) return refuse({ status: 'rejected', reason: verdict.reason, quantity: verdict.quantity });
    quantity = verdict.quantity;
  }

  const outcome = simulateFill({
    side: ask.side,
    quantity,
    referencePrice: ask.referencePrice,
    exactPrice: ask.exactPrice,
    rules,
    costs: config.costs,
    available: { base: freeOf(ctx, rules.base), quote: freeOf(ctx, rules.quote) },
  });
  if (!outcome.ok) return refuse({ status: 'rejected', reason: outcome.reason, quantity: outcome.quantity });

  const { fill } = outcome;
  const reserved = reservationOf(ask.side, fill, rules);
  const order = record(ctx, {
    ...base,
    quantity: fill.quantity,
    price: fill.price,
    // With an exchange every order is pending until the exchange has it (a limit then rests, open).
    status: ask.type === 'limit' && config.execution === 'paper' ? 'open' : 'pending',
    protection,
    reserved,
  });
  lock(ctx, reserved);
  state.orders.set(order.id, order);
  if (ask.side === 'SELL' && ask.type === 'market' && position) {
    const pending = { ...position, exitOrderId: order.id };
    state.positions.set(positionKey(ask.strategy, ask.symbol), pending);
    ctx.log.emit({ type: 'position', position: pending });
  }
  if (config.execution === 'paper' && ask.type === 'market') {
    const role: FeeRole = 'taker';
    ctx.paperFills.push({
      orderId: order.id,
      fill: {
        tradeId: `${order.id}-1`,
        time: ask.fillTime,
        price: fill.price,
        quantity: fill.quantity,
        fee: fill.fee,
        feeCurrency: fill.feeCurrency,
        feeQuote: fill.feeQuote,
        role,
      },
    });
  }
  return order;
}

function newOrder(ctx: StepContext, ask: OrderAsk, quantity: Decimal): EngineOrder {
  const id = `o${ctx.state.orderSeq++}`;
  return {
    id,
    source: ask.source,
    strategy: ask.strategy,
    symbol: ask.symbol,
    side: ask.side,
    type: ask.type,
    quantity,
    price: ask.type === 'limit' ? ask.referencePrice : null,
    status: 'rejected',
    reason: null,
    exitReason: ask.side === 'SELL' ? (ask.exitReason ?? 'manual') : null,
    signalId: ask.signalId ?? null,
    idempotencyKey: ask.idempotencyKey ?? null,
    protection: null,
    filledQuantity: dec(0),
    reserved: null,
    placedAt: ctx.log.at,
    tradeIds: [],
  };
}

function record(ctx: StepContext, order: EngineOrder): EngineOrder {
  ctx.log.emit({ type: 'order', order });
  return order;
}
