import { dec, toPlain } from '@roottrading/accounting';
import type { Order } from '@roottrading/contracts';
import type { OrderWithTrade } from '../repositories/orders.js';

/** NUMERIC comes back as "0.001000000000000000": the API shows the plain decimal. */
const plain = (v: string) => toPlain(dec(v));

/** An order row and its fills as the HTTP API shows them (orderSchema in contracts). */
export function toOrderView({ order, trade, fills }: OrderWithTrade): Order {
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
    averagePrice: averagePriceOf(fills),
    exchangeOrderId: order.exchange_order_id,
    exchangeError: order.exchange_error,
    stopLoss: order.stop_loss === null ? null : plain(order.stop_loss),
    takeProfit: order.take_profit === null ? null : plain(order.take_profit),
    trailingStop: order.trailing_stop,
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

/** Quote over base across the fills, as exchanges report an order's average price; null before any. */
function averagePriceOf(fills: OrderWithTrade['fills']): string | null {
  if (fills.length === 0) return null;
  const base = fills.reduce((s, f) => s.plus(f.quantity), dec(0));
  if (base.isZero()) return null;
  return toPlain(fills.reduce((s, f) => s.plus(f.quote_quantity), dec(0)).div(base));
}
