import { afterEach } from '@jest/globals';
import { floorToStep, type Decimal } from '@roottrading/accounting';
import { manualClientOrderId } from '../../orders/client-order-id.js';
import type { OrderOutcome, PlaceOrderRequest } from '../order-executor.js';
import { startTestExchange, TEST_SYMBOL, type TestExchange, type TestExchangeOptions } from './test-exchange.js';

/** One executor test file's exchange (the double, or the testnet), closed after each test, and its helpers. */
export function useTestExchange() {
  let t: TestExchange | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const start = async (opts?: TestExchangeOptions) => {
    t = await startTestExchange(opts);
    return t;
  };
  /** The market, its last price, and a quantity worth about twice the minimum order value. */
  const marketInfo = async (x: TestExchange) => {
    const market = (await x.executor.markets()).get(TEST_SYMBOL)!;
    const price = (await x.exchange.read('tickers', (c) => c.fetchLastPrices([TEST_SYMBOL]))).get(TEST_SYMBOL)!;
    const small = floorToStep(market.minNotional.mul(2).div(price), market.stepSize).plus(market.stepSize);
    return { market, price, small };
  };
  const request = (
    over: Partial<PlaceOrderRequest> & { quantity: Decimal; referencePrice: Decimal },
  ): PlaceOrderRequest => ({
    clientOrderId: manualClientOrderId(),
    symbol: TEST_SYMBOL,
    side: 'BUY',
    type: 'market',
    ...over,
  });
  const filledOrder = (o: OrderOutcome) => {
    if (o.status !== 'filled') throw new Error(`expected a fill, got ${JSON.stringify(o)}`);
    return o.order;
  };
  const ordersWithId = (x: TestExchange, clientOrderId: string) =>
    x.double!.account.allOrders().filter((o) => o.clientOrderId === clientOrderId);
  return { start, marketInfo, request, filledOrder, ordersWithId };
}
