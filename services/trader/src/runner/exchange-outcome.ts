import { toPlain, type Decimal } from '@roottrading/accounting';
import { baseOf, quoteOf } from '@roottrading/contracts';
import type { NewLiveFill } from '@roottrading/db';
import type { EngineEvent, EngineOrder, FillEvent } from '@roottrading/engine';
import type { ExecutedFill, OrderOutcome } from '../live/order-executor.js';

/** What the exchange said about an order beyond the engine's events: kept on its row. */
export interface OrderFacts {
  clientOrderId: string;
  exchangeOrderId?: string | null;
  /** ccxt's error class of a refusal. */
  exchangeError?: string | null;
  /** Why it is still pending (its outcome could not be learned). */
  reason?: string | null;
}

/** The events and row facts one executor answer becomes. */
export interface OutcomeRecord {
  events: EngineEvent[];
  facts: OrderFacts;
  /** One row per exchange fill: what makes a fill recorded once, across restarts. */
  fills: Omit<NewLiveFill, 'order_id'>[];
}

/**
 * Turns the executor's answer about one order into engine events, at the exchange's times: each
 * fill (the engine applies a trade id once), then the order's state when it is not simply filled.
 * `unknown` changes nothing: the order stays pending and the poller asks again, never resending it.
 */
export function recordOfOutcome(
  order: EngineOrder,
  clientOrderId: string,
  outcome: OrderOutcome,
  now: number,
): OutcomeRecord {
  const facts: OrderFacts = { clientOrderId };
  if (outcome.status === 'unknown') return { events: [], facts: { ...facts, reason: outcome.reason }, fills: [] };
  if (outcome.status === 'rejected') {
    return {
      events: [{ type: 'order-update', at: now, orderId: order.id, status: 'rejected', reason: outcome.reason }],
      facts: { ...facts, exchangeError: outcome.exchangeError, reason: outcome.reason },
      fills: [],
    };
  }
  const placed = outcome.order;
  const exchangeOrderId = placed.exchangeOrderId ?? '';
  const fills = placed.fills.filter((f): f is ExecutedFill & { tradeId: string } => f.tradeId !== null);
  const events: EngineEvent[] = fills.map((f) => fillEvent(order.id, f));
  if (outcome.status === 'open' && order.status === 'pending') {
    events.push({ type: 'order-update', at: now, orderId: order.id, status: 'open', reason: null });
  } else if (outcome.status === 'canceled' || outcome.status === 'expired') {
    const reason = outcome.status === 'canceled' ? (order.reason ?? 'canceled') : 'expired on the exchange';
    events.push({ type: 'order-update', at: now, orderId: order.id, status: outcome.status, reason });
  }
  return {
    events,
    facts: { ...facts, exchangeOrderId: placed.exchangeOrderId, reason: null },
    fills: fills.map((f) => fillRow(order, clientOrderId, exchangeOrderId, f)),
  };
}

/** The live_fills row of one exchange fill of `order`. */
export function fillRow(
  order: Pick<EngineOrder, 'symbol' | 'side'>,
  clientOrderId: string,
  exchangeOrderId: string,
  f: ExecutedFill & { tradeId: string },
): Omit<NewLiveFill, 'order_id'> {
  return {
    client_order_id: clientOrderId,
    exchange_order_id: exchangeOrderId,
    exchange_trade_id: f.tradeId,
    symbol: order.symbol,
    side: order.side,
    price: toPlain(f.price),
    quantity: toPlain(f.quantity),
    quote_quantity: toPlain(f.quoteQuantity),
    fee: toPlain(f.fee),
    fee_currency: f.feeCurrency,
    fee_quote: nullablePlain(feeInQuote(order.symbol, f)),
    role: f.role,
    timestamp: new Date(f.timestamp),
  };
}

export function fillEvent(orderId: string, f: ExecutedFill & { tradeId: string }): FillEvent {
  return {
    type: 'fill',
    at: f.timestamp,
    orderId,
    tradeId: f.tradeId,
    price: f.price,
    quantity: f.quantity,
    fee: f.fee,
    feeCurrency: f.feeCurrency,
    ...(f.feeQuote !== undefined ? { feeQuote: f.feeQuote } : {}),
    role: f.role,
  };
}

/** The fee in the quote currency as the engine books it: a base fee at the fill price, a quote fee as is. */
function feeInQuote(symbol: string, f: ExecutedFill): Decimal | null {
  if (f.feeCurrency === quoteOf(symbol)) return f.fee;
  if (f.feeCurrency === baseOf(symbol)) return f.fee.mul(f.price);
  return f.feeQuote ?? null;
}

const nullablePlain = (d: Decimal | null): string | null => (d === null ? null : toPlain(d));
