import { dec, toPlain } from '@roottrading/accounting';
import type { Order } from '@roottrading/contracts';
import type { OrderRow, TradeDbRow } from '@roottrading/db';

/** NUMERIC comes back as "0.001000000000000000": the API shows the plain decimal. */
const plain = (v: string) => toPlain(dec(v));

/** An order row and its fill as the HTTP API shows them (orderSchema in contracts). */
export function toOrderView(order: OrderRow, trade: TradeDbRow | null): Order {
  return {
    id: order.id,
    clientOrderId: order.client_order_id,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: plain(order.quantity),
    status: order.status,
    reason: order.reason,
    strategy: order.strategy,
    signalId: order.signal_id,
    demo: order.demo,
    createdAt: order.created_at.toISOString(),
    exitReason: order.exit_reason,
    price: order.price === null ? null : plain(order.price),
    filledQuantity: plain(order.filled_quantity),
    exchangeOrderId: order.exchange_order_id,
    exchangeError: order.exchange_error,
    fill: trade
      ? {
          tradeId: trade.id,
          price: plain(trade.price),
          quantity: plain(trade.quantity),
          quoteQuantity: plain(trade.quote_quantity),
          fee: plain(trade.fee),
          feeCurrency: trade.fee_currency,
          role: trade.role,
          timestamp: trade.timestamp.toISOString(),
        }
      : null,
  };
}
