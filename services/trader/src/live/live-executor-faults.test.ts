import { describe, expect, it } from '@jest/globals';
import { dec, floorToStep } from '@roottrading/accounting';
import { ExchangeFailure } from './exchange-errors.js';
import { useTestExchange } from './testing/executor-fixture.js';
import { DOUBLE_KEY, DOUBLE_SECRET, onDouble, TEST_SYMBOL } from './testing/test-exchange.js';

/** Fault-injection tests need the double; the rest also run against binance's testnet (run-testnet.ts). */
const doubleIt = onDouble ? it : it.skip;

const ORDER = { method: 'POST', path: '/api/v3/order' };
const LOOKUP = { method: 'GET', path: '/api/v3/order' };

describe('live executor under faults: 429s, timeouts, drops, the breaker, rounding, the clock', () => {
  const { start, marketInfo, request, filledOrder, ordersWithId } = useTestExchange();

  doubleIt('waits out a 429 (Retry-After), confirms nothing was placed, then places the order once', async () => {
    const x = await start();
    x.double!.fail(ORDER, { kind: 'rate-limit', retryAfterSeconds: 1 });
    const started = Date.now();
    const req = request({ quantity: dec('0.001'), referencePrice: dec('30000') });
    expect((await x.executor.place(req)).status).toBe('filled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(x.double!.placements().map((r) => r.outcome)).toEqual([429, 200]);
    expect(ordersWithId(x, req.clientOrderId)).toHaveLength(1);

    // Reads back off and retry on a 429 too.
    x.double!.fail({ method: 'GET', path: '/api/v3/account' }, { kind: 'rate-limit', retryAfterSeconds: 0 }, 2);
    expect((await x.exchange.read('balances', (c) => c.fetchBalances())).balances.length).toBeGreaterThan(0);
    expect(x.double!.count('GET', '/api/v3/account')).toBe(3);
  });

  doubleIt('after a timeout on an accepted order, finds it by client id: one placement, one order', async () => {
    const x = await start();
    x.double!.fail(ORDER, { kind: 'timeout', afterAccept: true });
    const req = request({ quantity: dec('0.002'), referencePrice: dec('30000') });
    const order = filledOrder(await x.executor.place(req));
    expect(order.filledQuantity.toFixed()).toBe('0.002');
    expect(order.fills).toEqual([expect.objectContaining({ role: 'taker', quantity: dec('0.002') })]);
    expect(x.double!.placements()).toHaveLength(1);
    expect(ordersWithId(x, req.clientOrderId)).toHaveLength(1);
    expect(
      x.double!.requests.some((r) => r.path === '/api/v3/order' && r.params.origClientOrderId === req.clientOrderId),
    ).toBe(true);
  });

  doubleIt(
    'after a dropped connection on an accepted order, finds it by client id: one placement, one order',
    async () => {
      const x = await start();
      x.double!.fail(ORDER, { kind: 'drop', afterAccept: true });
      const req = request({ side: 'BUY', quantity: dec('0.001'), referencePrice: dec('30000') });
      filledOrder(await x.executor.place(req));
      expect(x.double!.placements().map((r) => r.outcome)).toEqual(['dropped']);
      expect(ordersWithId(x, req.clientOrderId)).toHaveLength(1);
    },
  );

  doubleIt('finds a request that reached the exchange late, after the client had given up on it', async () => {
    const x = await start();
    // Held in the network for 700 ms: ccxt times out at 500 ms, the exchange takes the order at 700 ms.
    x.double!.fail(ORDER, { kind: 'timeout', afterAccept: false, releaseAfterMs: 700 });
    const req = request({ quantity: dec('0.001'), referencePrice: dec('30000') });
    filledOrder(await x.executor.place(req));
    expect(x.double!.placements()).toHaveLength(1);
    expect(ordersWithId(x, req.clientOrderId)).toHaveLength(1);
  });

  doubleIt(
    'sends again only once the exchange says it has no such order and the first request can no longer arrive',
    async () => {
      const x = await start();
      x.double!.fail(ORDER, { kind: 'drop', afterAccept: false });
      const started = Date.now();
      const req = request({ quantity: dec('0.001'), referencePrice: dec('30000') });
      filledOrder(await x.executor.place(req));
      expect(Date.now() - started).toBeGreaterThanOrEqual(x.recvWindowMs);
      expect(x.double!.placements().map((r) => r.outcome)).toEqual(['dropped', 200]);
      expect(ordersWithId(x, req.clientOrderId)).toHaveLength(1);
    },
  );

  doubleIt(
    'leaves an order whose state cannot be learned as unknown — never resent — and refresh settles it later',
    async () => {
      const x = await start({ executor: { lookupTimeoutMs: 600 } });
      x.double!.fail(ORDER, { kind: 'timeout', afterAccept: true });
      x.double!.fail(LOOKUP, { kind: 'unavailable' }, 1_000);
      const req = request({ quantity: dec('0.001'), referencePrice: dec('30000') });
      const outcome = await x.executor.place(req);
      expect(outcome).toMatchObject({ status: 'unknown', clientOrderId: req.clientOrderId });
      expect(x.double!.placements()).toHaveLength(1);

      x.double!.faults.clear();
      expect((await x.executor.refresh(TEST_SYMBOL, req.clientOrderId)).status).toBe('filled');
      expect(x.double!.placements()).toHaveLength(1);
    },
  );

  doubleIt(
    'opens the circuit breaker after repeated network failures, pauses orders, and closes on a good trial',
    async () => {
      const x = await start({ breaker: { threshold: 3, cooldownMs: 300 }, retry: { attempts: 2 } });
      await x.executor.markets();
      x.double!.fail({ method: 'GET', path: '/api/v3/account' }, { kind: 'drop', afterAccept: false }, 10);
      const balances = () => x.exchange.read('balances', (c) => c.fetchBalances());

      await expect(balances()).rejects.toMatchObject({ kind: 'network' });
      expect(x.breaker.status()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
      await expect(balances()).rejects.toMatchObject({ kind: 'network' });
      expect(x.breaker.status()).toMatchObject({ state: 'open', timesOpened: 1 });
      expect(x.breaker.status().lastFailure).toMatch(/balances: .*fetch failed/);
      expect(x.breaker.status().lastFailure).not.toContain(DOUBLE_SECRET);

      const paused = await x.executor.place(request({ quantity: dec('0.001'), referencePrice: dec('30000') }));
      expect(paused).toMatchObject({ status: 'rejected', source: 'paused' });
      await expect(balances()).rejects.toMatchObject({ kind: 'circuit-open' });
      expect(x.double!.placements()).toHaveLength(0);

      x.double!.faults.clear();
      await new Promise((r) => setTimeout(r, 320));
      expect((await balances()).balances.length).toBeGreaterThan(0);
      expect(x.breaker.state).toBe('closed');
      expect((await x.executor.place(request({ quantity: dec('0.001'), referencePrice: dec('30000') }))).status).toBe(
        'filled',
      );
    },
  );

  it('rounds quantities down to the step and limit prices in the order’s favour, and refuses below the minimum value', async () => {
    const x = await start();
    const { market, price } = await marketInfo(x);
    const tooSmall = floorToStep(market.minNotional.div(price).div(2), market.stepSize);
    const refused = await x.executor.place(
      request({ quantity: tooSmall.plus(market.stepSize.div(3)), referencePrice: price }),
    );
    expect(refused).toMatchObject({ status: 'rejected', source: 'rules' });
    if (refused.status === 'rejected') {
      expect(refused.reason).toMatch(
        new RegExp(
          `^order value [\\d.]+ ${market.quote} is below the minimum [\\d.]+ ${market.quote} of ${TEST_SYMBOL}$`,
        ),
      );
      expect(refused.quantity.eq(tooSmall)).toBe(true);
    }
    expect(x.client.count('createOrder')).toBe(0);

    if (!x.double) return;
    const buy = request({ type: 'limit', quantity: dec('0.0012345'), price: dec('25000.019'), referencePrice: price });
    const sell = request({
      side: 'SELL',
      type: 'limit',
      quantity: dec('0.0012345'),
      price: dec('35000.011'),
      referencePrice: price,
    });
    x.double.account.setBalance('BTC', '1');
    await x.executor.place(buy);
    await x.executor.place(sell);
    expect(x.double.placements().map((r) => [r.params.side, r.params.quantity, r.params.price])).toEqual([
      ['BUY', '0.00123', '25000.01'],
      ['SELL', '0.00123', '35000.02'],
    ]);
    await Promise.all([buy, sell].map((r) => x.executor.cancel(TEST_SYMBOL, r.clientOrderId)));
  });

  doubleIt(
    'loads markets once, refuses (sending nothing) while they cannot be loaded, and loads them again later',
    async () => {
      const x = await start({ retry: { attempts: 1 } });
      x.double!.fail({ method: 'GET', path: '/api/v3/exchangeInfo' }, { kind: 'unavailable' });
      const first = await x.executor.place(request({ quantity: dec('0.001'), referencePrice: dec('30000') }));
      expect(first).toMatchObject({ status: 'rejected', source: 'unreachable' });
      expect(x.double!.placements()).toHaveLength(0);
      filledOrder(await x.executor.place(request({ quantity: dec('0.001'), referencePrice: dec('30000') })));
      filledOrder(await x.executor.place(request({ quantity: dec('0.001'), referencePrice: dec('30000') })));
      expect(x.double!.count('GET', '/api/v3/exchangeInfo')).toBe(2);
    },
  );

  doubleIt('trades with the exchange clock 30 s ahead (adjustForTimeDifference)', async () => {
    const x = await start({ double: { clockOffsetMs: 30_000 } });
    filledOrder(await x.executor.place(request({ quantity: dec('0.001'), referencePrice: dec('30000') })));
    expect(x.double!.requests.filter((r) => r.outcome === 400)).toEqual([]);
  });

  doubleIt('never lets the key, the secret or a signature into an error', async () => {
    const x = await start({ retry: { attempts: 1 } });
    await x.executor.markets();
    x.double!.fail({ method: 'GET', path: '/api/v3/account' }, { kind: 'timeout', afterAccept: false });
    const err = await x.exchange.read('balances', (c) => c.fetchBalances()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeFailure);
    const failure = err as ExchangeFailure;
    expect(failure.kind).toBe('timeout');
    // ccxt puts the signed URL in its message: the signature must be gone, the rest kept for diagnosis.
    expect(failure.message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/account\?timestamp=\d+.*signature=\[redacted\]/,
    );
    for (const text of [failure.message, JSON.stringify(failure), String(failure.stack)]) {
      expect(text).not.toContain(DOUBLE_KEY);
      expect(text).not.toContain(DOUBLE_SECRET);
      expect(text).not.toMatch(/signature=[0-9a-f]{16}/);
    }
    expect(failure).not.toHaveProperty('cause');
  });
});
