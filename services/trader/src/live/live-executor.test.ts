import { describe, expect, it } from '@jest/globals';
import { dec, floorToStep, sum } from '@roottrading/accounting';
import { useTestExchange } from './testing/executor-fixture.js';
import { onDouble, TEST_SYMBOL } from './testing/test-exchange.js';

/** Fault-injection tests need the double; the rest also run against binance's testnet (run-testnet.ts). */
const doubleIt = onDouble ? it : it.skip;

describe('live executor (ccxt binance over HTTP)', () => {
  const { start, marketInfo, request, filledOrder } = useTestExchange();

  it('places a market order and returns its exchange id and every fill with fee, currency and role', async () => {
    const x = await start();
    const { price, small } = await marketInfo(x);
    const buy = request({ quantity: small, referencePrice: price });
    const order = filledOrder(await x.executor.place(buy));

    expect(order.exchangeOrderId).toMatch(/^\d+$/);
    expect(order.clientOrderId).toBe(buy.clientOrderId);
    expect(order.filledQuantity.eq(small)).toBe(true);
    expect(order.fillsComplete).toBe(true);
    expect(sum(order.fills.map((f) => f.quantity)).eq(small)).toBe(true);
    for (const f of order.fills) {
      expect(f.tradeId).toMatch(/^\d+$/);
      expect(f.role).toBe('taker');
      expect(f.quoteQuantity.eq(f.price.mul(f.quantity))).toBe(true);
      expect(f.fee.gte(0)).toBe(true);
    }
    expect(x.client.count('createOrder')).toBe(1);
    if (x.double) {
      expect(order.fills).toEqual([
        expect.objectContaining({ price: dec('30000'), fee: small.mul('0.001'), feeCurrency: 'BTC' }),
      ]);
      expect(x.double.placements()).toHaveLength(1);
      expect(x.double.placements()[0]!.params).toMatchObject({
        newClientOrderId: buy.clientOrderId,
        type: 'MARKET',
        quantity: small.toFixed(),
      });
    }
    // Sell what was bought (less the fee, on the step), so a testnet account ends as it began.
    const { market } = await marketInfo(x);
    const back = floorToStep(
      small.minus(sum(order.fills.filter((f) => f.feeCurrency === market.base).map((f) => f.fee))),
      market.stepSize,
    );
    expect((await x.executor.place(request({ side: 'SELL', quantity: back, referencePrice: price }))).status).toBe(
      'filled',
    );
  });

  doubleIt('returns each fill of an order that took several price levels', async () => {
    const x = await start({ double: { marketFillParts: 3 } });
    const order = filledOrder(
      await x.executor.place(request({ quantity: dec('0.003'), referencePrice: dec('30000') })),
    );
    expect(order.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), f.fee.toFixed(), f.feeCurrency])).toEqual([
      ['30000', '0.001', '0.000001', 'BTC'],
      ['30000.01', '0.001', '0.000001', 'BTC'],
      ['30000.02', '0.001', '0.000001', 'BTC'],
    ]);
  });

  it('rests a limit order, lists it among ours (not anyone else’s), and cancels it', async () => {
    const x = await start();
    const { market, price } = await marketInfo(x);
    const limitPrice = floorToStep(price.mul('0.8'), market.tickSize);
    const quantity = floorToStep(market.minNotional.mul(3).div(limitPrice), market.stepSize).plus(market.stepSize);
    x.double?.placeOrderDirectly({
      symbol: TEST_SYMBOL,
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price: '20000',
    });
    const req = request({ type: 'limit', quantity, price: limitPrice, referencePrice: price });

    const placed = await x.executor.place(req);
    expect(placed).toMatchObject({ status: 'open', order: { clientOrderId: req.clientOrderId, fills: [] } });
    if (placed.status !== 'open') return;
    expect(placed.order.price?.eq(limitPrice)).toBe(true);
    const open = await x.executor.openOrders(TEST_SYMBOL);
    expect(open.map((o) => o.clientOrderId)).toContain(req.clientOrderId);
    expect(open.every((o) => o.clientOrderId.startsWith('rt-'))).toBe(true);

    const canceled = await x.executor.cancel(TEST_SYMBOL, req.clientOrderId);
    expect(canceled).toMatchObject({ status: 'canceled', order: { clientOrderId: req.clientOrderId, fills: [] } });
    // A second cancel finds nothing open and reports the order's final state instead.
    expect((await x.executor.cancel(TEST_SYMBOL, req.clientOrderId)).status).toBe('canceled');
    expect((await x.executor.openOrders(TEST_SYMBOL)).map((o) => o.clientOrderId)).not.toContain(req.clientOrderId);
    if (x.double) expect(x.double.account.balance('USDC').locked).toBe('20.00000000'); // only the other order's lock
  });

  doubleIt('reports a resting order’s maker fills on refresh and on cancel', async () => {
    const x = await start();
    const req = request({ type: 'limit', quantity: dec('0.01'), price: dec('29000'), referencePrice: dec('30000') });
    expect((await x.executor.place(req)).status).toBe('open');
    x.double!.fillOrder({ clientOrderId: req.clientOrderId }, { quantity: '0.004' });
    const refreshed = await x.executor.refresh(TEST_SYMBOL, req.clientOrderId);
    expect(refreshed).toMatchObject({ status: 'open' });
    const canceled = await x.executor.cancel(TEST_SYMBOL, req.clientOrderId);
    if (canceled.status !== 'canceled') throw new Error(canceled.status);
    expect(canceled.order.filledQuantity.toFixed()).toBe('0.004');
    expect(canceled.order.fills).toEqual([
      expect.objectContaining({ role: 'maker', price: dec('29000'), quantity: dec('0.004'), feeCurrency: 'BTC' }),
    ]);
  });

  it('refuses an order the balance cannot pay: the exchange’s reason, sent once, never retried', async () => {
    const x = await start();
    const { market, price } = await marketInfo(x);
    const quote = (await x.exchange.read('balances', (c) => c.fetchBalances())).balances.find(
      (b) => b.asset === market.quote,
    );
    const tooMuch = floorToStep((quote?.free ?? dec(0)).mul(2).div(price), market.stepSize).plus(market.stepSize);
    const outcome = await x.executor.place(request({ quantity: tooMuch, referencePrice: price }));
    expect(outcome).toMatchObject({ status: 'rejected', source: 'exchange', exchangeError: 'InsufficientFunds' });
    if (outcome.status === 'rejected') expect(outcome.reason).toMatch(/insufficient balance/i);
    expect(x.client.count('createOrder')).toBe(1);
    expect(x.client.count('fetchOrder')).toBe(0);
    expect(x.breaker.status()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    if (x.double) expect(x.double.placements()).toHaveLength(1);
  });
});
