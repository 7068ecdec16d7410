import type { ExecutedFill, PlacedOrder } from './order-executor.js';
import type { ExchangeFill, ExchangeOrder } from './types.js';

// The exchange's orders and fills in the executor's terms.

export function toExecuted(f: ExchangeFill): ExecutedFill {
  return {
    tradeId: f.tradeId,
    price: f.price,
    quantity: f.quantity,
    quoteQuantity: f.quoteQuantity,
    fee: f.fee,
    feeCurrency: f.feeCurrency,
    // A fill listed without a role came with the placement reply: it took liquidity.
    role: f.role ?? 'taker',
    timestamp: f.timestamp,
  };
}

export function toPlaced(o: ExchangeOrder, fills: ExecutedFill[], complete: boolean): PlacedOrder {
  return {
    clientOrderId: o.clientOrderId ?? '',
    exchangeOrderId: o.id,
    symbol: o.symbol,
    side: o.side,
    type: o.type === 'limit' ? 'limit' : 'market',
    quantity: o.amount,
    price: o.price,
    filledQuantity: o.filled,
    fills,
    fillsComplete: complete,
  };
}
