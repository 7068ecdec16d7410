import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { topics } from '@roottrading/contracts';
import type { BinanceSpotDouble } from '@roottrading/exchange-double';
import { waitFor } from '@roottrading/testing';
import { plain, type Harness } from '../testing/harness.js';
import type { LiveTrader } from './live-trader.js';
import { createLiveHarness, EXCHANGE_CANDLES, type LiveHarness } from './testing/live-harness.js';
import { DOUBLE_KEY } from './testing/test-exchange.js';

/**
 * The whole live path, in-process, against the exchange double over real HTTP (ccxt's binance
 * with CCXT_URLS_JSON pointed at it).
 */
let lh: LiveHarness;
let h: Harness;
let double: BinanceSpotDouble;
const start = (over?: Record<string, string>) => lh.start(over);
const stop = (t: LiveTrader) => lh.stop(t);
const call = (t: LiveTrader, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  lh.call(t, method, path, body, headers);
const orderRow = (clientOrderId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('client_order_id', '=', clientOrderId).executeTakeFirstOrThrow();
const fillsOf = (clientOrderId: string) =>
  h.testDb.db.selectFrom('live_fills').selectAll().where('client_order_id', '=', clientOrderId).execute();

beforeAll(async () => {
  lh = await createLiveHarness('trader-live');
  ({ h, double } = lh);
});

afterAll(async () => {
  await lh?.close();
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

  describe('protections through the position monitor', () => {
    const sells = () => double.placements().filter((r) => r.params.side === 'SELL');
    // Each test starts flat: the coins earlier tests bought stay on the double, untracked.
    beforeEach(async () => {
      await h.testDb.db.deleteFrom('positions').where('demo', '=', false).execute();
    });
    const livePosition = () =>
      h.testDb.db
        .selectFrom('positions')
        .selectAll()
        .where('demo', '=', false)
        .where('strategy', '=', 'manual')
        .where('symbol', '=', 'BTC/USDC')
        .executeTakeFirst();

    it('refuses protections on a SELL or a limit order (400) and a stop above the price (422), placing nothing', async () => {
      const t = await start();
      double.account.setPrice('BTC/USDC', '50000');
      const placed = double.placements().length;
      const sell = await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'SELL', quantity: '0.001', stopLoss: 1 });
      expect(sell.status).toBe(400);
      const limit = await call(t, 'POST', '/trade', {
        symbol: 'BTCUSDC',
        side: 'BUY',
        quantity: '0.001',
        type: 'limit',
        price: '40000',
        takeProfit: '60000',
      });
      expect(limit.status).toBe(400);
      const bad = await call(t, 'POST', '/trade', {
        symbol: 'BTCUSDC',
        side: 'BUY',
        quantity: '0.001',
        stopLoss: '51000',
      });
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: string }).error).toMatch(/stop-loss 51000 must be above 0 and below/);
      expect(double.placements().length).toBe(placed);
      await stop(t);
    });

    it('stores the stops on the live position, moves and saves the trail, and sells once when the stop is crossed', async () => {
      const t = await start();
      double.account.setPrice('BTC/USDC', '50000');
      const res = await call(t, 'POST', '/trade', {
        symbol: 'BTCUSDC',
        side: 'BUY',
        quantity: '0.001',
        stopLoss: '45000',
        takeProfit: '60000',
        trailingStop: { type: 'distance', value: '3000', activation: '0.05' },
      });
      expect(res.status).toBe(201);
      const entered = await livePosition();
      expect(entered).toMatchObject({ trailing_stop: { type: 'distance', value: '3000', activation: '0.05' } });
      expect(plain(entered!.stop_loss)).toBe('45000');
      expect(plain(entered!.take_profit)).toBe('60000');
      expect(plain(entered!.trail_high)).toBe('50000');
      expect(entered!.trail_stop).toBeNull();
      const sellsBefore = sells().length;

      // A candle up to 53000: the trail activates (5 % over 50000) at 50000, saved; no exit.
      const T = Date.now() + 1000;
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T,
        open: '50000',
        high: '53000',
        low: '49800',
        close: '52500',
      });
      await waitFor(async () => plain((await livePosition())!.trail_high ?? null) === '53000', {
        what: 'the trail move saved',
      });
      expect(plain((await livePosition())!.trail_stop)).toBe('50000');
      expect(sells().length).toBe(sellsBefore);

      // A candle whose low crosses the trail (50000, above the stop-loss): one market SELL.
      double.account.setPrice('BTC/USDC', '49000');
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T + 60_000,
        open: '52000',
        high: '52100',
        low: '48000',
        close: '49000',
      });
      const closed = () =>
        h.testDb.db
          .selectFrom('closed_positions')
          .selectAll()
          .where('demo', '=', false)
          .where('exit_reason', '=', 'trailing_stop')
          .execute();
      await waitFor(async () => (await closed()).length === 1, { what: 'the closed position' });
      // Another crossing candle: the position is closed, nothing more is sold.
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T + 120_000,
        open: '47000',
        low: '44000',
        close: '44500',
      });
      await t.account.queue.idle();
      expect(sells().length - sellsBefore).toBe(1);
      const exit = await h.testDb.db
        .selectFrom('orders')
        .selectAll()
        .where('demo', '=', false)
        .where('side', '=', 'SELL')
        .where('exit_reason', '=', 'trailing_stop')
        .execute();
      expect(exit).toHaveLength(1);
      expect(exit[0]).toMatchObject({ status: 'filled', strategy: 'manual' });
      expect(exit[0]!.client_order_id).toMatch(/^rt-x-/);
      expect(sells().at(-1)!.params.newClientOrderId).toBe(exit[0]!.client_order_id);
      expect((await livePosition())!.quantity).toMatch(/^0(\.0*)?$/);
      expect(t.account.stats.protectiveExits).toBe(1);
      await stop(t);
    });

    it('sells with exit reason stop_loss when a candle low crosses the stop, exactly once', async () => {
      const t = await start();
      double.account.setPrice('BTC/USDC', '50000');
      const res = await call(t, 'POST', '/trade', {
        symbol: 'BTCUSDC',
        side: 'BUY',
        quantity: '0.002',
        stopLoss: '45000',
      });
      expect(res.status).toBe(201);
      const sellsBefore = sells().length;
      double.account.setPrice('BTC/USDC', '44000');
      const T = Date.now() + 1000;
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T,
        open: '49000',
        high: '49500',
        low: '44000',
        close: '44500',
      });
      const closed = () =>
        h.testDb.db
          .selectFrom('closed_positions')
          .selectAll()
          .where('demo', '=', false)
          .where('exit_reason', '=', 'stop_loss')
          .execute();
      await waitFor(async () => (await closed()).length === 1, { what: 'the stop-loss exit' });
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T + 60_000,
        open: '44000',
        low: '43000',
        close: '43500',
      });
      await t.account.queue.idle();
      expect(sells().length - sellsBefore).toBe(1);
      const [row] = await closed();
      expect(row).toMatchObject({ strategy: 'manual', symbol: 'BTC/USDC' });
      const trade = await h.testDb.db
        .selectFrom('trades')
        .selectAll()
        .where('demo', '=', false)
        .where('exit_reason', '=', 'stop_loss')
        .execute();
      expect(trade).toHaveLength(1);
      await stop(t);
    });

    it('close-all sells the live position and writes an operator_actions row (demo = false)', async () => {
      const t = await start();
      double.account.setPrice('BTC/USDC', '50000');
      expect((await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' })).status).toBe(201);
      const sellsBefore = sells().length;
      const res = await call(t, 'POST', '/positions/close-all', { symbol: 'BTCUSDC', requestedBy: 'alice' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { orders: { clientOrderId: string }[]; closed: number };
      expect(body.closed).toBe(1);
      expect(sells().length - sellsBefore).toBe(1);
      const action = await h.testDb.db
        .selectFrom('operator_actions')
        .selectAll()
        .where('action', '=', 'close_all')
        .where('demo', '=', false)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(action).toMatchObject({ actor: 'alice', scope: 'symbol', target: 'BTC/USDC' });
      expect(action.details).toMatchObject({
        orders: [{ clientOrderId: body.orders[0]!.clientOrderId, status: 'filled', strategy: 'manual' }],
      });
      expect((await livePosition())!.quantity).toMatch(/^0(\.0*)?$/);
      await stop(t);
    });

    it('asks the risk manager before a live BUY: exposure over the limit is refused (422), nothing sent', async () => {
      const t = await start({ RISK_MAX_EXPOSURE_PCT: '0.01' });
      double.account.setPrice('BTC/USDC', '50000');
      const placed = double.placements().length;
      const res = await call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: string; order: { clientOrderId: string } };
      expect(body.error).toMatch(/exposure to BTC would be .* above RISK_MAX_EXPOSURE_PCT 0.01/);
      expect((await orderRow(body.order.clientOrderId)).status).toBe('rejected');
      expect(double.placements().length).toBe(placed);
      await stop(t);
    });

    // Last: it leaves faults queued on the double and a pending order behind.
    it('a pending exit blocks a second exit of the same position', async () => {
      const t = await start({ LIVE_LOOKUP_TIMEOUT: '1s' });
      double.account.setPrice('BTC/USDC', '50000');
      const res = await call(t, 'POST', '/trade', {
        symbol: 'BTCUSDC',
        side: 'BUY',
        quantity: '0.001',
        stopLoss: '45000',
      });
      expect(res.status).toBe(201);
      const sellsBefore = sells().length;
      // The exit reaches the exchange but neither its reply nor a lookup comes back: outcome unknown.
      double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
      double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 50);
      const T = Date.now() + 1000;
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T,
        open: '49000',
        low: '44000',
        close: '44500',
      });
      await waitFor(() => t.account.stats.protectiveExits === 1, { what: 'the stop-loss exit' });
      await t.account.queue.idle();
      const pending = await h.testDb.db
        .selectFrom('orders')
        .selectAll()
        .where('demo', '=', false)
        .where('exit_reason', '=', 'stop_loss')
        .where('status', '=', 'pending')
        .execute();
      expect(pending).toHaveLength(1);
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T + 60_000,
        open: '44000',
        low: '43000',
        close: '43500',
      });
      await h.publishBar('BTC/USDC', {
        source: EXCHANGE_CANDLES,
        startTime: T + 120_000,
        open: '43000',
        low: '42000',
        close: '42500',
      });
      await new Promise((r) => setTimeout(r, 300));
      await t.account.queue.idle();
      expect(sells().length - sellsBefore).toBe(1);
      expect(t.account.stats.protectiveExits).toBe(1);
      // Close-all skips it too: its exit is still pending.
      const close = await call(t, 'POST', '/positions/close-all', { requestedBy: 'bob' });
      expect(((await close.json()) as { orders: unknown[] }).orders).toHaveLength(0);
      expect(sells().length - sellsBefore).toBe(1);
      await stop(t);
    });
  });
});
