import { formatUnits as f } from './fixed-point.js';
import type { DoubleOrder, DoubleTrade } from './spot-account.js';

/** binance's JSON for its objects, field for field (the spot REST API as of 2025). */

/** GET /api/v3/order and each entry of /api/v3/openOrders. */
export function orderJson(o: DoubleOrder): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: f(o.price),
    origQty: f(o.origQty),
    executedQty: f(o.executedQty),
    cummulativeQuoteQty: f(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    time: o.time,
    updateTime: o.updateTime,
    isWorking: true,
    workingTime: o.time,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** POST /api/v3/order with newOrderRespType ACK, RESULT or FULL (FULL carries the fills). */
export function newOrderJson(o: DoubleOrder, fills: DoubleTrade[], respType: string): Record<string, unknown> {
  const ack = {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime: o.updateTime,
  };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack,
    price: f(o.price),
    origQty: f(o.origQty),
    executedQty: f(o.executedQty),
    origQuoteOrderQty: '0.00000000',
    cummulativeQuoteQty: f(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    workingTime: o.time,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  if (respType === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((t) => ({
      price: f(t.price),
      qty: f(t.qty),
      commission: f(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    })),
  };
}

/** DELETE /api/v3/order: `clientOrderId` is the cancel request's own id; ours comes back as origClientOrderId. */
export function cancelJson(o: DoubleOrder, cancelClientId: string): Record<string, unknown> {
  return {
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelClientId,
    transactTime: o.updateTime,
    price: f(o.price),
    origQty: f(o.origQty),
    executedQty: f(o.executedQty),
    origQuoteOrderQty: '0.00000000',
    cummulativeQuoteQty: f(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** GET /api/v3/myTrades entries. */
export function myTradeJson(t: DoubleTrade): Record<string, unknown> {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: f(t.price),
    qty: f(t.qty),
    quoteQty: f(t.quoteQty),
    commission: f(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}

/** GET /api/v3/ticker/24hr entry; only lastPrice moves in the double, the rest is plausible filler. */
export function ticker24hJson(symbol: string, price: bigint, now: number): Record<string, unknown> {
  const p = f(price);
  return {
    symbol,
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: p,
    prevClosePrice: p,
    lastPrice: p,
    lastQty: '0.01000000',
    bidPrice: p,
    bidQty: '1.00000000',
    askPrice: p,
    askQty: '1.00000000',
    openPrice: p,
    highPrice: p,
    lowPrice: p,
    volume: '100.00000000',
    quoteVolume: '0.00000000',
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: 1,
    lastId: 100,
    count: 100,
  };
}
