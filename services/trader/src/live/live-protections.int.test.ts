import { beforeEach, describe, expect, it } from '@jest/globals';
import type { BinanceSpotDouble } from '@roottrading/exchange-double';
import { waitFor } from '@roottrading/testing';
import { plain, type Harness } from '../testing/harness.js';
import { useLiveHarness, EXCHANGE_CANDLES, type LiveHarness } from './testing/live-harness.js';

/** Live stops, targets, trails and close-all on the engine, against the exchange double over real HTTP. */
let lh: LiveHarness;
let h: Harness;
let double: BinanceSpotDouble;

useLiveHarness('trader-live-stops', (x) => {
  lh = x;
  ({ h, double } = x);
});

describe('live protections on the engine', () => {
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

  it('refuses protections on a SELL (400) and a stop not below the price of a market or limit BUY (422), placing nothing', async () => {
    const t = await lh.start();
    double.account.setPrice('BTC/USDC', '50000');
    const placed = double.placements().length;
    const sell = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'SELL',
      quantity: '0.001',
      stopLoss: 1,
    });
    expect(sell.status).toBe(400);
    const limit = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '40000',
      stopLoss: '41000',
    });
    expect(limit.status).toBe(422);
    expect(((await limit.json()) as { error: string }).error).toMatch(
      /stop-loss 41000 must be above 0 and below the entry price 40000/,
    );
    const bad = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      stopLoss: '51000',
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(/stop-loss 51000 must be above 0 and below/);
    expect(double.placements().length).toBe(placed);
    await lh.stop(t);
  });

  it('stores the stops on the live position, moves and saves the trail, and sells once when the stop is crossed', async () => {
    const t = await lh.start();
    double.account.setPrice('BTC/USDC', '50000');
    const res = await lh.call(t, 'POST', '/trade', {
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
    const T = lh.nextMinute();
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
    await lh.settled(t);
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
    expect(exit[0]!.client_order_id).toMatch(/^rt-[0-9a-f]{6}-o[0-9]+$/);
    expect(sells().at(-1)!.params.newClientOrderId).toBe(exit[0]!.client_order_id);
    expect((await livePosition())!.quantity).toMatch(/^0(\.0*)?$/);
    expect(await lh.protectiveExits(t)).toBe(1);
    await lh.stop(t);
  });

  it('sells with exit reason stop_loss when a candle low crosses the stop, exactly once', async () => {
    const t = await lh.start();
    double.account.setPrice('BTC/USDC', '50000');
    const res = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.002',
      stopLoss: '45000',
    });
    expect(res.status).toBe(201);
    const sellsBefore = sells().length;
    double.account.setPrice('BTC/USDC', '44000');
    const T = lh.nextMinute();
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
    await lh.settled(t);
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
    await lh.stop(t);
  });

  it('close-all sells the live position and writes an operator_actions row (demo = false)', async () => {
    const t = await lh.start();
    double.account.setPrice('BTC/USDC', '50000');
    expect((await lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' })).status).toBe(
      201,
    );
    const sellsBefore = sells().length;
    const res = await lh.call(t, 'POST', '/positions/close-all', {
      scope: 'symbol',
      target: 'BTCUSDC',
      requestedBy: 'alice',
    });
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
      // As the close placed it; the exchange's fill is recorded on the order row after.
      orders: [{ clientOrderId: body.orders[0]!.clientOrderId, status: 'pending', strategy: 'manual' }],
    });
    expect((await livePosition())!.quantity).toMatch(/^0(\.0*)?$/);
    await lh.stop(t);
  });

  it('asks the risk manager before a live BUY: exposure over the limit is refused (422), nothing sent', async () => {
    const t = await lh.start({ RISK_MAX_EXPOSURE_PCT: '0.01' });
    double.account.setPrice('BTC/USDC', '50000');
    const placed = double.placements().length;
    const res = await lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; order: { clientOrderId: string } };
    expect(body.error).toMatch(/exposure to BTC would be .* above RISK_MAX_EXPOSURE_PCT 0.01/);
    expect((await lh.orderRow(body.order.clientOrderId)).status).toBe('rejected');
    expect(double.placements().length).toBe(placed);
    await lh.stop(t);
  });

  // Last: it leaves faults queued on the double and a pending order behind.
  it('a pending exit blocks a second exit of the same position', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s' });
    double.account.setPrice('BTC/USDC', '50000');
    const res = await lh.call(t, 'POST', '/trade', {
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
    const T = lh.nextMinute();
    await h.publishBar('BTC/USDC', {
      source: EXCHANGE_CANDLES,
      startTime: T,
      open: '49000',
      low: '44000',
      close: '44500',
    });
    await waitFor(async () => (await lh.protectiveExits(t)) === 1, { what: 'the stop-loss exit' });
    await lh.settled(t);
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
    await lh.settled(t);
    expect(sells().length - sellsBefore).toBe(1);
    expect(await lh.protectiveExits(t)).toBe(1);
    // Close-all skips it too: its exit is still pending.
    const close = await lh.call(t, 'POST', '/positions/close-all', { scope: 'all', requestedBy: 'bob' });
    expect(((await close.json()) as { orders: unknown[] }).orders).toHaveLength(0);
    expect(sells().length - sellsBefore).toBe(1);
    await lh.stop(t);
  });
});
