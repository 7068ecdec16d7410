import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { topics } from '@roottrading/contracts';
import { BinanceSpotDouble } from '@roottrading/exchange-double';
import { waitFor } from '@roottrading/testing';
import { createHarness, type Harness } from '../testing/harness.js';
import { startLiveTrader, type LiveTrader } from './live-trader.js';
import { DOUBLE_KEY, DOUBLE_SECRET } from './testing/test-exchange.js';

/**
 * The whole live path, in-process, against the exchange double over real HTTP (ccxt's binance
 * with CCXT_URLS_JSON pointed at it).
 */
const TOKEN = 'live-test-token-5f1e9a7c3b2d4e6f8a0b1c2d';
const AUTH = { authorization: `Bearer ${TOKEN}` };

let h: Harness;
let double: BinanceSpotDouble;
const traders: LiveTrader[] = [];

const liveEnv = (over: Record<string, string> = {}) => ({
  TRADING_MODE: 'live',
  EXCHANGE_API_KEY: DOUBLE_KEY,
  EXCHANGE_API_SECRET: DOUBLE_SECRET,
  LIVE_TRADING_CONFIRM: 'yes',
  TRADER_API_TOKEN: TOKEN,
  CCXT_URLS_JSON: JSON.stringify(double.ccxtUrls()),
  CCXT_TIMEOUT_MS: '500',
  LIVE_RECV_WINDOW_MS: '1000',
  LIVE_RETRY_BASE_MS: '20',
  LIVE_RETRY_MAX_MS: '200',
  LIVE_LOOKUP_TIMEOUT: '5s',
  LIVE_FILL_TIMEOUT: '2s',
  ACCOUNT_INTERVAL: '60s',
  ...over,
});

const start = async (over: Record<string, string> = {}) => {
  const t = await startLiveTrader(h.config(liveEnv(over)), { logger: h.logger });
  traders.push(t);
  return t;
};
const stop = async (t: LiveTrader) => {
  await t.stop();
  traders.splice(traders.indexOf(t), 1);
};
const call = (t: LiveTrader, method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) =>
  fetch(`http://127.0.0.1:${t.port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const orderRow = (clientOrderId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('client_order_id', '=', clientOrderId).executeTakeFirstOrThrow();
const fillsOf = (clientOrderId: string) =>
  h.testDb.db.selectFrom('live_fills').selectAll().where('client_order_id', '=', clientOrderId).execute();

beforeAll(async () => {
  double = await BinanceSpotDouble.start();
  h = await createHarness('trader-live');
});

afterAll(async () => {
  for (const t of [...traders]) await t.stop();
  await h?.close();
  await double?.close();
});

describe('live mode against the exchange double', () => {
  it('asks for the token on every route that changes state (401 JSON), and sends no CORS header', async () => {
    const t = await start();
    const routes: [string, unknown][] = [
      ['/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' }],
      ['/orders/rt-m-nothing/cancel', {}],
      ['/controls/pause', { scope: 'all', requestedBy: 'alice' }],
      ['/controls/resume', { scope: 'all', requestedBy: 'alice' }],
      ['/positions/close-all', { requestedBy: 'alice' }],
      ['/risk/kill-switch/reset', { requestedBy: 'alice' }],
      ['/live/breaker/reset', {}],
      ['/account/reset', {}],
    ];
    for (const [path, body] of routes) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong' }];
      for (const headers of attempts) {
        const res = await call(t, 'POST', path, body, headers);
        expect([path, res.status]).toEqual([path, 401]);
        expect(((await res.json()) as { error: string }).error).toMatch(/token/);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    expect(double.placements()).toHaveLength(0);
    const reset = await call(t, 'POST', '/account/reset', {});
    expect(reset.status).toBe(409);
    await stop(t);
  });

  it('places a market order, records the order, its fill and trade, and publishes the exchange balances', async () => {
    const t = await start();
    const published: unknown[] = [];
    await h.bus.subscribe(topics.balances, (m) => {
      published.push(m);
    });
    const res = await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as {
      order: { clientOrderId: string; status: string; fill: { role: string } };
    };
    expect(order.status).toBe('filled');
    expect(order.fill.role).toBe('taker');
    const row = await orderRow(order.clientOrderId);
    expect(row).toMatchObject({ status: 'filled', demo: false });
    expect(row.exchange_order_id).not.toBeNull();
    expect(await fillsOf(order.clientOrderId)).toHaveLength(1);
    const trade = await h.testDb.db.selectFrom('trades').selectAll().where('order_id', '=', row.id).execute();
    expect(trade).toHaveLength(1);
    // The exchange's balances after the fill: BTC bought.
    const holdsBtc = (m: unknown) =>
      (m as { mode: string; balances: { asset: string; free: string }[] }).balances.some(
        (b) => b.asset === 'BTC' && Number(b.free) > 0,
      );
    await waitFor(() => published.some(holdsBtc), { what: 'a balances publish after the fill' });
    expect((published.find(holdsBtc) as { mode: string }).mode).toBe('live');
    await stop(t);
  });

  it('never places an order twice after a timeout: the lookup finds the first one', async () => {
    const t = await start();
    const placedBefore = double.placements().length;
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    const res = await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { clientOrderId: string } };
    expect(double.placements().length - placedBefore).toBe(1);
    expect(double.account.allOrders().filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);
    expect(await fillsOf(order.clientOrderId)).toHaveLength(1);
    await stop(t);
  });

  it('returns the exchange rejection with 422 and records it with the error', async () => {
    const t = await start();
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'insufficient-balance' });
    const res = await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; order: { clientOrderId: string } };
    expect(body.error).toMatch(/insufficient balance/i);
    expect(JSON.stringify(body)).not.toContain(DOUBLE_KEY);
    const row = await orderRow(body.order.clientOrderId);
    expect(row.status).toBe('rejected');
    expect(row.exchange_error).toBe('InsufficientFunds');
    await stop(t);
  });

  it('rests, lists and cancels a limit order', async () => {
    const t = await start();
    const res = await call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '20000',
    });
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: { clientOrderId: string; status: string; price: string } };
    expect(order).toMatchObject({ status: 'open', price: '20000' });
    const open = (await (await call(t, 'GET', '/orders/open')).json()) as { orders: { clientOrderId: string }[] };
    expect(open.orders.map((o) => o.clientOrderId)).toContain(order.clientOrderId);
    const cancel = await call(t, 'POST', `/orders/${order.clientOrderId}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as { order: { status: string } }).order.status).toBe('canceled');
    const after = (await (await call(t, 'GET', '/orders/open')).json()) as { orders: unknown[] };
    expect(after.orders).toHaveLength(0);
    await stop(t);
  });

  it('records once an order of ours that filled while the trader was down', async () => {
    const t = await start();
    const res = await call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '25000',
    });
    const { order } = (await res.json()) as { order: { clientOrderId: string } };
    await stop(t);
    double.fillOrder({ clientOrderId: order.clientOrderId });
    double.placeOrderDirectly({ symbol: 'BTC/USDC', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '1000' });

    const again = await start();
    expect(await fillsOf(order.clientOrderId)).toHaveLength(1);
    expect((await orderRow(order.clientOrderId)).status).toBe('filled');
    const health = (await (await call(again, 'GET', '/health')).json()) as {
      details: { reconciliation: { foreignOpenOrders: unknown[] } };
    };
    expect(health.details.reconciliation.foreignOpenOrders).toHaveLength(1);
    await stop(again);

    const third = await start();
    expect(await fillsOf(order.clientOrderId)).toHaveLength(1);
    await stop(third);
  });

  it('opens the circuit breaker on repeated failures: /health shows it, a manual order gets 503, a reset closes it', async () => {
    const t = await start({ LIVE_BREAKER_THRESHOLD: '2', LIVE_RETRY_ATTEMPTS: '1', LIVE_BREAKER_COOLDOWN: '60s' });
    // After the start-up publish, so no successful read comes between the two failures.
    await waitFor(() => t.publisher.published >= 1, { what: 'the first balance publish' });
    double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 2);
    // Two consecutive failed reads open the breaker.
    for (let i = 0; i < 2; i++) {
      await t.live.exchange
        .read('probe', (c) => c.fetchOrder('BTC/USDC', { clientOrderId: 'rt-m-probe' }))
        .catch(() => undefined);
    }
    const health = (await (await call(t, 'GET', '/health')).json()) as { details: { trading: string } };
    expect(health.details.trading).toBe('paused');
    const placed = double.placements().length;
    const res = await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(503);
    expect(double.placements().length).toBe(placed);
    expect((await call(t, 'POST', '/live/breaker/reset', {})).status).toBe(200);
    const healed = (await (await call(t, 'GET', '/health')).json()) as { details: { trading: string } };
    expect(healed.details.trading).toBe('active');
    await stop(t);
  });
});
