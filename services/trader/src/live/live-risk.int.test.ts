import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { upsertCandles } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import { makeSignal, plain } from '../testing/harness.js';
import type { LiveTrader } from './live-trader.js';
import { createLiveHarness, EXCHANGE_CANDLES, type LiveHarness } from './testing/live-harness.js';

/** Live mode's risk controls against the exchange double: protections that survive a crash, the kill switch, sizing. */
let lh: LiveHarness;

const livePosition = (strategy = 'manual') =>
  lh.h.testDb.db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', false)
    .where('strategy', '=', strategy)
    .where('symbol', '=', 'BTC/USDC')
    .executeTakeFirst();
/** SELL orders the exchange double received. */
const sellPlacements = () => lh.double.placements().filter((r) => r.params.side === 'SELL').length;
const orderRow = (clientOrderId: string) =>
  lh.h.testDb.db
    .selectFrom('orders')
    .selectAll()
    .where('client_order_id', '=', clientOrderId)
    .executeTakeFirstOrThrow();
const trade = (t: LiveTrader, body: Record<string, unknown>) =>
  lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001', ...body });

beforeAll(async () => {
  lh = await createLiveHarness('trader-live-risk');
});
afterAll(async () => {
  await lh?.close();
});
beforeEach(async () => {
  lh.double.faults.clear();
  lh.double.account.setPrice('BTC/USDC', '50000');
  await lh.h.testDb.db.deleteFrom('positions').where('demo', '=', false).execute();
});

describe('protections written with the order row', () => {
  it('an entry whose fill is learned only by start-up reconciliation opens with its stop and target', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s' });
    // The BUY reaches the exchange and fills, but neither its reply nor a lookup comes back.
    lh.double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    lh.double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 50);
    const res = await trade(t, { stopLoss: '45000', takeProfit: '60000' });
    const { order } = (await res.json()) as { order: { clientOrderId: string; status: string } };
    expect(order.status).toBe('pending');
    expect(await livePosition()).toBeUndefined();
    const row = await orderRow(order.clientOrderId);
    expect([row.stop_loss, row.take_profit]).toEqual(['45000.000000000000000000', '60000.000000000000000000']);
    await lh.stop(t);

    lh.double.faults.clear();
    const again = await lh.start();
    expect((await orderRow(order.clientOrderId)).status).toBe('filled');
    const position = await livePosition();
    expect(position).toMatchObject({ quantity: expect.stringMatching(/^0\.000999/) });
    expect([position!.stop_loss, position!.take_profit]).toEqual([
      '45000.000000000000000000',
      '60000.000000000000000000',
    ]);
    await lh.stop(again);
  });
});

/** The exchange account: 10,000 USDC and 0.1 BTC at 50,000 = 15,000 USDC of equity. */
const seedAccount = () => {
  for (const [asset, amount] of Object.entries({ USDC: '10000', USDT: '0', BTC: '0.1', ETH: '0', BNB: '0' })) {
    lh.double.account.setBalance(asset, amount);
  }
};
const markPeak = async () =>
  (
    await lh.h.testDb.db
      .selectFrom('equity_marks')
      .select('peak')
      .where('demo', '=', false)
      .where('currency', '=', 'USDC')
      .executeTakeFirst()
  )?.peak;
const auditRows = (action: string) =>
  lh.h.testDb.db
    .selectFrom('operator_actions')
    .selectAll()
    .where('action', '=', action as 'kill_switch_trip')
    .orderBy('id')
    .execute();
let minute = 0;
/** A closed 1m candle of BTC/USDC at `close`, a minute after the last one. */
const candleAt = (close: string) =>
  lh.h.publishBar('BTC/USDC', {
    source: EXCHANGE_CANDLES,
    startTime: Date.now() - 60_000 + minute++ * 1000,
    open: close,
    close,
  });

describe('the kill switch in live mode', () => {
  beforeEach(async () => {
    seedAccount();
    await lh.h.testDb.db.deleteFrom('equity_marks').execute();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
  });

  it('trips on a drawdown from the peak seen in the exchange balances, refuses entries, survives a restart, and resets', async () => {
    const t = await lh.start({ MAX_DRAWDOWN_PCT: '10', DAILY_LOSS_LIMIT_PCT: '0' });
    await waitFor(async () => plain((await markPeak()) ?? null) === '15000', {
      what: 'the peak from the first balance read',
    });

    // BTC falls to 30,000: 10,000 + 0.1 × 30,000 = 13,000, a drawdown of 13.33 % from 15,000.
    lh.double.account.setPrice('BTC/USDC', '30000');
    await candleAt('30000');
    await waitFor(() => t.account.controls().killSwitch.active, { what: 'the kill switch to trip' });
    expect(t.account.controls().killSwitch.reason).toMatch(/drawdown of 13.33% in USDC .* reached MAX_DRAWDOWN_PCT 10/);
    const state = await lh.h.testDb.db.selectFrom('risk_state').selectAll().executeTakeFirstOrThrow();
    expect(state).toMatchObject({ demo: false, kill_switch: true });
    const trips = await auditRows('kill_switch_trip');
    expect(trips.map((r) => r.demo)).toEqual([false]);

    const placed = lh.double.placements().length;
    const refused = await trade(t, {});
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/kill switch active/);
    expect(lh.double.placements().length).toBe(placed);
    // Exits stay allowed: selling what we hold is never blocked by the switch.
    await lh.stop(t);

    const again = await lh.start({ MAX_DRAWDOWN_PCT: '10', DAILY_LOSS_LIMIT_PCT: '0' });
    expect(again.account.controls().killSwitch.active).toBe(true);
    const health = (await (await lh.call(again, 'GET', '/health')).json()) as {
      details: { killSwitch: { active: boolean } };
    };
    expect(health.details.killSwitch.active).toBe(true);
    const reset = await lh.call(again, 'POST', '/risk/kill-switch/reset', { requestedBy: 'alice' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ wasActive: true, killSwitch: { active: false, resetBy: 'alice' } });
    expect((await auditRows('kill_switch_reset')).map((r) => [r.demo, r.actor])).toEqual([[false, 'alice']]);
    // The peak is taken again from the equity now, so the same prices do not trip it again.
    await candleAt('30000');
    await again.account.queue.idle();
    expect(again.account.controls().killSwitch.active).toBe(false);
    expect((await trade(again, {})).status).toBe(201);
    await lh.stop(again);
  });

  it('with KILL_SWITCH_CLOSE_POSITIONS sells every live position at market, exit reason kill_switch', async () => {
    const t = await lh.start({ DAILY_LOSS_LIMIT_PCT: '5', MAX_DRAWDOWN_PCT: '0', KILL_SWITCH_CLOSE_POSITIONS: 'true' });
    const bought = await trade(t, { quantity: '0.01' });
    expect(bought.status).toBe(201);
    await waitFor(async () => (await markPeak()) !== undefined, { what: 'the first balance read' });
    await t.account.queue.idle();

    lh.double.account.setPrice('BTC/USDC', '40000');
    await candleAt('40000');
    await waitFor(() => t.account.controls().killSwitch.active, { what: 'the kill switch to trip' });
    expect(t.account.controls().killSwitch.reason).toMatch(/daily loss of .* reached DAILY_LOSS_LIMIT_PCT 5/);
    await t.account.queue.idle();
    const exits = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('exit_reason', '=', 'kill_switch')
      .execute();
    expect(exits.map((o) => [o.side, o.status, o.demo])).toEqual([['SELL', 'filled', false]]);
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    const closeAll = (await auditRows('close_all')).at(-1)!;
    expect(closeAll).toMatchObject({ demo: false, actor: 'risk-manager' });
    await lh.stop(t);
  });
});

describe('sizing and exposure in live mode', () => {
  beforeEach(async () => {
    seedAccount();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
  });

  it('sizes a signal BUY by POSITION_SIZING=equity_pct from the exchange equity', async () => {
    const t = await lh.start({ POSITION_SIZING: 'equity_pct', POSITION_EQUITY_PCT: '10' });
    await waitFor(() => t.publisher.published >= 1, { what: 'the first balance read' });
    const signal = makeSignal({ strategy: 'Sized', price: '50000' });
    await lh.h.stream.append(signal);
    await lh.h.drained();
    const order = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('signal_id', '=', signal.id)
      .executeTakeFirstOrThrow();
    // 10 % of 15,000 USDC at 50,000 = 0.03 BTC.
    expect([order.status, plain(order.quantity)]).toEqual(['filled', '0.03']);
    await lh.stop(t);
  });

  it('counts a resting BUY limit toward the exposure limit', async () => {
    // Exposure counts our positions and resting orders (the seeded 0.1 BTC is nobody's position).
    const t = await lh.start({ RISK_MAX_EXPOSURE_PCT: '30' });
    // 0.05 × 50,000 = 2,500 of ~15,000: 16.7 %.
    expect((await trade(t, { quantity: '0.05' })).status).toBe(201);
    // Resting below the market, judged at its limit price: 0.042 × 45,000 = 1,890 more, 29.3 %
    // (at the market price, 2,100, it would be 30.7 % and refused).
    expect((await trade(t, { type: 'limit', price: '45000', quantity: '0.042' })).status).toBe(202);
    // 0.02 at market = 1,000: 23.3 % without the resting order, 35.9 % with it.
    const refused = await trade(t, { quantity: '0.02' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/exposure to BTC would be 35\.9\d*%/);
    await lh.stop(t);
  });
});

describe('close-all in live mode', () => {
  beforeEach(() => {
    seedAccount();
  });

  it('cancels a resting SELL limit of the position first, then sells what is held, once', async () => {
    const t = await lh.start();
    expect((await trade(t, { quantity: '0.01' })).status).toBe(201);
    const held = plain((await livePosition())!.quantity)!;
    const limit = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'SELL',
      type: 'limit',
      price: '90000',
      quantity: '0.005',
    });
    expect(limit.status).toBe(202);
    const { order } = (await limit.json()) as { order: { clientOrderId: string } };
    const close = await lh.call(t, 'POST', '/positions/close-all', { requestedBy: 'bob' });
    expect(close.status).toBe(200);
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
    const sells = lh.double.placements().filter((r) => r.params.side === 'SELL' && r.params.type === 'MARKET');
    expect(sells.at(-1)!.params.quantity).toBe(Number(held).toFixed(8).replace(/0+$/, ''));
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    const audit = (await auditRows('close_all')).at(-1)!;
    expect(audit.details).toMatchObject({ cancelled: [order.clientOrderId] });
    await lh.stop(t);
  });
});

describe('operator controls in live mode', () => {
  it('writes pauses and their audit rows as the exchange account’s (demo = false)', async () => {
    const t = await lh.start();
    const paused = await lh.call(t, 'POST', '/controls/pause', { scope: 'all', requestedBy: 'carol' });
    expect(paused.status).toBe(201);
    const refused = await trade(t, {});
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/paused/);
    expect((await lh.call(t, 'POST', '/controls/resume', { scope: 'all', requestedBy: 'carol' })).status).toBe(200);
    const pauses = await lh.h.testDb.db.selectFrom('trading_pauses').selectAll().execute();
    expect(pauses.map((p) => [p.demo, p.paused_by, p.resumed_by])).toEqual([[false, 'carol', 'carol']]);
    const audit = await lh.h.testDb.db
      .selectFrom('operator_actions')
      .select(['action', 'demo'])
      .where('action', 'in', ['pause', 'resume'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'pause', demo: false },
      { action: 'resume', demo: false },
    ]);
    await lh.stop(t);
  });
});

describe('candles missed while the trader was down', () => {
  beforeEach(() => {
    seedAccount();
  });
  const storeBar = (openTime: number, low: string) =>
    upsertCandles(lh.h.testDb.db, [
      {
        symbol: 'BTC/USDC',
        interval: '1m',
        open_time: new Date(openTime),
        close_time: new Date(openTime + 59_999),
        open: '50000',
        high: '50000',
        low,
        close: '50000',
        volume: '1',
        source: EXCHANGE_CANDLES,
      },
    ]);
  const stopExits = () =>
    lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('exit_reason', '=', 'stop_loss')
      .where('demo', '=', false)
      .execute();

  it('are checked at start from the last candle checked: a stop crossed meanwhile sells once, at market', async () => {
    await lh.h.testDb.db.deleteFrom('orders').where('exit_reason', '=', 'stop_loss').execute();
    const t = await lh.start();
    expect((await trade(t, { stopLoss: '45000' })).status).toBe(201);
    // As if the entry filled ten minutes ago (a test cannot wait for candles to close).
    const opened = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    await lh.h.testDb.db
      .updateTable('positions')
      .set({ opened_at: new Date(opened) })
      .where('demo', '=', false)
      .where('strategy', '=', 'manual')
      .execute();
    // A candle checked while running: above the stop, it marks where the next start resumes.
    const seen = opened + 60_000;
    await lh.h.publishBar('BTC/USDC', { source: EXCHANGE_CANDLES, startTime: seen, open: '50000', low: '46000' });
    await waitFor(async () => (await livePosition())?.monitored_until?.getTime() === seen, {
      what: 'the candle to be checked',
    });
    await lh.stop(t);

    // While down: a candle above the stop. The candle before the last check crossed it, but it
    // was checked already (written before the check, as the gateway's batches may be): no exit.
    await storeBar(seen - 60_000, '40000');
    await storeBar(seen + 60_000, '47000');
    const sellsBefore = sellPlacements();
    const calm = await lh.start();
    expect(await stopExits()).toHaveLength(0);
    expect((await livePosition())!.monitored_until!.getTime()).toBe(seen + 60_000);
    await lh.stop(calm);

    // Down again: a candle whose low crosses the stop.
    await storeBar(seen + 120_000, '44000');
    const again = await lh.start();
    const exits = await stopExits();
    expect(exits.map((o) => [o.side, o.status])).toEqual([['SELL', 'filled']]);
    expect(sellPlacements() - sellsBefore).toBe(1);
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    await lh.stop(again);

    // A third start finds nothing left to sell.
    const third = await lh.start();
    expect(await stopExits()).toHaveLength(1);
    await lh.stop(third);
  });
});

describe('an order that never reached the exchange', () => {
  it('is rejected by the open-order poller once the request can no longer be accepted, not before', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s', LIVE_BREAKER_THRESHOLD: '1000' });
    lh.double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'drop', afterAccept: false });
    lh.double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 1000);
    const res = await trade(t, {});
    const { order } = (await res.json()) as { order: { clientOrderId: string; status: string } };
    expect(order.status).toBe('pending');
    lh.double.faults.clear();
    // Asked at once, "no such order" is not final yet: the request could still arrive.
    await t.account.settleOpenOrders();
    expect((await orderRow(order.clientOrderId)).status).toBe('pending');
    // recvWindow (1 s) + the clock margin (1 s) later it is.
    await new Promise((r) => setTimeout(r, 2_100));
    await t.account.settleOpenOrders();
    const row = await orderRow(order.clientOrderId);
    expect([row.status, row.reason]).toEqual(['rejected', 'never reached the exchange']);
    expect(lh.double.account.allOrders().filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(0);
    await lh.stop(t);
  });
});

describe('prices live mode trades on', () => {
  beforeEach(() => {
    seedAccount();
  });

  it('ignores candles that are not the exchange’s: a synthetic candle through the stop sells nothing', async () => {
    const t = await lh.start();
    expect((await trade(t, { stopLoss: '45000' })).status).toBe(201);
    const sellsBefore = sellPlacements();
    await lh.h.publishBar('BTC/USDC', { startTime: Date.now() + 1000, open: '44000', low: '40000', close: '41000' });
    await waitFor(
      async () => {
        const health = (await (await lh.call(t, 'GET', '/health')).json()) as {
          details: { candles: { expected: string; ignored: Record<string, number> } };
        };
        return health.details.candles.ignored.synthetic === 1 && health.details.candles.expected === 'ccxt:binance';
      },
      { what: '/health to count the ignored candle' },
    );
    await t.account.queue.idle();
    expect(sellPlacements()).toBe(sellsBefore);
    expect(t.account.stats.protectiveExits).toBe(0);
    await lh.stop(t);
  });
});

describe('orders not settled yet claim what they may sell', () => {
  beforeEach(async () => {
    seedAccount();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
    await lh.h.testDb.db.deleteFrom('equity_marks').execute();
  });

  it('refuses a manual SELL of coins the manual position does not hold (the exchange holds them), sending nothing', async () => {
    const t = await lh.start();
    const before = sellPlacements();
    const res = await trade(t, { side: 'SELL', quantity: '0.01' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/^manual holds 0 BTC, less than 0\.01$/);
    expect(sellPlacements()).toBe(before);
    await lh.stop(t);
  });

  it('refuses a signal SELL while the position’s exit is still pending: never sold twice', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s', LIVE_BREAKER_THRESHOLD: '1000' });
    const buy = makeSignal({ strategy: 'Twice', price: '50000', stopLoss: '45000' });
    await lh.h.stream.append(buy);
    await lh.h.drained();
    expect(await livePosition('Twice')).toMatchObject({ stop_loss: '45000.000000000000000000' });
    // The stop's SELL reaches the exchange; neither its reply nor a lookup comes back.
    lh.double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    lh.double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 1000);
    const before = sellPlacements();
    await lh.h.publishBar('BTC/USDC', {
      source: EXCHANGE_CANDLES,
      startTime: Date.now() + 1000,
      open: '44000',
      low: '43000',
      close: '43500',
    });
    await waitFor(() => sellPlacements() === before + 1, { what: 'the stop-loss exit to reach the exchange' });
    const sell = makeSignal({ strategy: 'Twice', side: 'SELL', price: '43500' });
    await lh.h.stream.append(sell);
    await lh.h.drained();
    const row = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('signal_id', '=', sell.id)
      .executeTakeFirstOrThrow();
    expect([row.status, row.reason]).toEqual([
      'rejected',
      // The exit sells 0.00099 (the step); the rest is dust no SELL could sell.
      expect.stringMatching(/^Twice holds 0\.000999 BTC, of which 0\.00099 is in SELL orders not settled yet/),
    ]);
    expect(sellPlacements()).toBe(before + 1);
    // The exchange answers again: the poller records the exit, once.
    lh.double.faults.clear();
    await t.account.settleOpenOrders();
    // Recorded once; the 0.000009 left is below the step, so the position closes.
    expect(await livePosition('Twice')).toMatchObject({ quantity: '0.000000000000000000' });
    await lh.stop(t);
  });

  it('a stop crossed while a SELL limit rests cancels the limit and sells the whole position', async () => {
    const since = new Date();
    const t = await lh.start();
    expect((await trade(t, { quantity: '0.01', stopLoss: '45000' })).status).toBe(201);
    const limit = await trade(t, { side: 'SELL', type: 'limit', price: '90000', quantity: '0.005' });
    expect(limit.status).toBe(202);
    const { order } = (await limit.json()) as { order: { clientOrderId: string } };
    await lh.h.publishBar('BTC/USDC', {
      source: EXCHANGE_CANDLES,
      startTime: Date.now() + 1000,
      open: '44000',
      low: '43000',
      close: '43500',
    });
    await waitFor(() => t.account.stats.protectiveExits === 1, { what: 'the stop-loss exit' });
    await t.account.queue.idle();
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
    const exits = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('exit_reason', '=', 'stop_loss')
      .where('strategy', '=', 'manual')
      .where('created_at', '>=', since)
      .execute();
    expect(exits.map((o) => [o.status, plain(o.quantity)])).toEqual([['filled', '0.00999']]);
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    await lh.stop(t);
  });

  it('a kill switch trip cancels the resting BUY orders', async () => {
    const t = await lh.start({ MAX_DRAWDOWN_PCT: '10', DAILY_LOSS_LIMIT_PCT: '0' });
    await waitFor(async () => plain((await markPeak()) ?? null) === '15000', { what: 'the first balance read' });
    const limit = await trade(t, { type: 'limit', price: '20000', quantity: '0.01' });
    expect(limit.status).toBe(202);
    const { order } = (await limit.json()) as { order: { clientOrderId: string } };
    lh.double.account.setPrice('BTC/USDC', '30000');
    await candleAt('30000');
    await waitFor(() => t.account.controls().killSwitch.active, { what: 'the kill switch to trip' });
    await t.account.queue.idle();
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
    expect(lh.double.account.allOrders().find((o) => o.clientOrderId === order.clientOrderId)?.status).toBe('CANCELED');
    await lh.stop(t);
  });
});
