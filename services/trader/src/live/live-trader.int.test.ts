import { describe, expect, it } from '@jest/globals';
import { liveAccountResponseSchema, topics } from '@roottrading/contracts';
import type { BinanceSpotDouble } from '@roottrading/exchange-double';
import { waitFor } from '@roottrading/testing';
import type { Harness } from '../testing/harness.js';
import { AUTH, useLiveHarness, type LiveHarness } from './testing/live-harness.js';
import { DOUBLE_KEY } from './testing/test-exchange.js';

/**
 * The whole live path, in-process, against the exchange double over real HTTP (ccxt's binance
 * with CCXT_URLS_JSON pointed at it).
 */
let lh: LiveHarness;
let h: Harness;
let double: BinanceSpotDouble;

useLiveHarness('trader-live', (x) => {
  lh = x;
  ({ h, double } = x);
});

describe('live mode against the exchange double', () => {
  it('asks for the token on every route that changes state (401 JSON), and sends no CORS header', async () => {
    const t = await lh.start();
    const routes: [string, unknown][] = [
      ['/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' }],
      ['/orders/rt-m-nothing/cancel', {}],
      ['/controls/pause', { scope: 'all', requestedBy: 'alice' }],
      ['/controls/resume', { scope: 'all', requestedBy: 'alice' }],
      ['/positions/close-all', { scope: 'all', requestedBy: 'alice' }],
      ['/risk/kill-switch/reset', { requestedBy: 'alice' }],
      ['/live/breaker/reset', {}],
      ['/account/reset', {}],
    ];
    for (const [path, body] of routes) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong' }];
      for (const headers of attempts) {
        const res = await lh.call(t, 'POST', path, body, headers);
        expect([path, res.status]).toEqual([path, 401]);
        expect(((await res.json()) as { error: string }).error).toMatch(/token/);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    expect(double.placements()).toHaveLength(0);
    const reset = await lh.call(t, 'POST', '/account/reset', {});
    expect(reset.status).toBe(409);
    await lh.stop(t);
  });

  it('places a market order, records the order, its fill and trade, and publishes the exchange balances', async () => {
    const t = await lh.start();
    const published: unknown[] = [];
    await h.bus.subscribe(topics.balances, (m) => {
      published.push(m);
    });
    const res = await lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as {
      order: { clientOrderId: string; status: string; fill: { role: string } };
    };
    expect(order.status).toBe('filled');
    expect(order.fill.role).toBe('taker');
    const row = await lh.orderRow(order.clientOrderId);
    expect(row).toMatchObject({ status: 'filled', demo: false });
    expect(row.exchange_order_id).not.toBeNull();
    expect(await lh.fillsOf(order.clientOrderId)).toHaveLength(1);
    const trade = await h.testDb.db.selectFrom('trades').selectAll().where('order_id', '=', row.id).execute();
    expect(trade).toHaveLength(1);
    // The account as the engine holds it, in the contract's shape.
    const account = liveAccountResponseSchema.parse(await (await lh.call(t, 'GET', '/account')).json());
    expect(account.positions).toEqual([
      expect.objectContaining({ strategy: 'manual', symbol: 'BTC/USDC', exitPending: false }),
    ]);
    // The exchange's balances after the fill: BTC bought.
    const holdsBtc = (m: unknown) =>
      (m as { mode: string; balances: { asset: string; free: string }[] }).balances.some(
        (b) => b.asset === 'BTC' && Number(b.free) > 0,
      );
    await waitFor(() => published.some(holdsBtc), { what: 'a balances publish after the fill' });
    expect((published.find(holdsBtc) as { mode: string }).mode).toBe('live');
    await lh.stop(t);
  });

  it('never places an order twice after a timeout: the lookup finds the first one', async () => {
    const t = await lh.start();
    const placedBefore = double.placements().length;
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    const res = await lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { clientOrderId: string } };
    expect(double.placements().length - placedBefore).toBe(1);
    expect(double.account.allOrders().filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);
    expect(await lh.fillsOf(order.clientOrderId)).toHaveLength(1);
    await lh.stop(t);
  });

  it('returns the exchange rejection with 422 and records it with the error', async () => {
    const t = await lh.start();
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'insufficient-balance' });
    const res = await lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; order: { clientOrderId: string } };
    expect(body.error).toMatch(/insufficient balance/i);
    expect(JSON.stringify(body)).not.toContain(DOUBLE_KEY);
    const row = await lh.orderRow(body.order.clientOrderId);
    expect(row.status).toBe('rejected');
    expect(row.exchange_error).toBe('InsufficientFunds');
    await lh.stop(t);
  });

  it('rests, lists and cancels a limit order', async () => {
    const t = await lh.start();
    const res = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '20000',
    });
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: { clientOrderId: string; status: string; price: string } };
    expect(order).toMatchObject({ status: 'open', price: '20000' });
    const open = (await (await lh.call(t, 'GET', '/orders/open')).json()) as { orders: { clientOrderId: string }[] };
    expect(open.orders.map((o) => o.clientOrderId)).toContain(order.clientOrderId);
    const cancel = await lh.call(t, 'POST', `/orders/${order.clientOrderId}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as { order: { status: string } }).order.status).toBe('canceled');
    const after = (await (await lh.call(t, 'GET', '/orders/open')).json()) as { orders: unknown[] };
    expect(after.orders).toHaveLength(0);
    await lh.stop(t);
  });

  it('records once an order of ours that filled while the trader was down', async () => {
    const t = await lh.start();
    const res = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '25000',
    });
    const { order } = (await res.json()) as { order: { clientOrderId: string } };
    await lh.stop(t);
    double.fillOrder({ clientOrderId: order.clientOrderId });
    double.placeOrderDirectly({ symbol: 'BTC/USDC', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '1000' });

    const again = await lh.start();
    expect(await lh.fillsOf(order.clientOrderId)).toHaveLength(1);
    expect((await lh.orderRow(order.clientOrderId)).status).toBe('filled');
    const health = (await (await lh.call(again, 'GET', '/health')).json()) as {
      details: { reconciliation: { foreignOpenOrders: unknown[] } };
    };
    expect(health.details.reconciliation.foreignOpenOrders).toHaveLength(1);
    await lh.stop(again);

    const third = await lh.start();
    expect(await lh.fillsOf(order.clientOrderId)).toHaveLength(1);
    await lh.stop(third);
  });

  it('opens the circuit breaker on repeated failures: /health shows it, a manual order gets 503, a reset closes it', async () => {
    const t = await lh.start({ LIVE_BREAKER_THRESHOLD: '2', LIVE_RETRY_ATTEMPTS: '1', LIVE_BREAKER_COOLDOWN: '60s' });
    // After the start-up read and the first publish, so no successful read comes between the two failures.
    await waitFor(() => t.publisher.published >= 2, { what: 'the first balance publish' });
    double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 2);
    // Two consecutive failed reads open the breaker.
    for (let i = 0; i < 2; i++) {
      await t.live.exchange
        .read('probe', (c) => c.fetchOrder('BTC/USDC', { clientOrderId: 'rt-m-probe' }))
        .catch(() => undefined);
    }
    const health = (await (await lh.call(t, 'GET', '/health')).json()) as { details: { trading: string } };
    expect(health.details.trading).toBe('paused');
    const placed = double.placements().length;
    const res = await lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(503);
    expect(double.placements().length).toBe(placed);
    expect((await lh.call(t, 'POST', '/live/breaker/reset', {})).status).toBe(200);
    const healed = (await (await lh.call(t, 'GET', '/health')).json()) as { details: { trading: string } };
    expect(healed.details.trading).toBe('active');
    await lh.stop(t);
  });

  it('replays an Idempotency-Key retry with the first answer, sending nothing, and refuses another body with 409, as paper mode does', async () => {
    const t = await lh.start();
    const key = { ...AUTH, 'idempotency-key': 'live-retry-1' };
    const body = { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' };
    const first = await lh.call(t, 'POST', '/trade', body, key);
    expect(first.status).toBe(201);
    const { order } = (await first.json()) as { order: { clientOrderId: string } };
    const placed = double.placements().length;

    const again = await lh.call(t, 'POST', '/trade', body, key);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(((await again.json()) as { order: { clientOrderId: string } }).order.clientOrderId).toBe(
      order.clientOrderId,
    );
    const other = await lh.call(t, 'POST', '/trade', { ...body, quantity: '0.002' }, key);
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: string }).error).toMatch(/Idempotency-Key was already used/);
    expect(double.placements().length).toBe(placed);
    await lh.stop(t);

    // After a restart the key is still known.
    const restarted = await lh.start();
    expect((await lh.call(restarted, 'POST', '/trade', { ...body, quantity: '0.003' }, key)).status).toBe(409);
    expect(double.placements().length).toBe(placed);
    await lh.stop(restarted);
  });
});
