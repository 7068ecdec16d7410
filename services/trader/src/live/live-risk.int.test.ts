import { beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import { makeSignal, plain } from '../testing/harness.js';
import { EXCHANGE_CANDLES, type LiveHarness } from './testing/live-harness.js';
import { useLiveAccount } from './testing/live-account.js';

/** Live mode's risk controls against the exchange double: protections that survive a crash, the kill switch, sizing, close-all, pauses. */
let lh: LiveHarness;
const { livePosition, orderRow, trade, seedAccount, markPeak, auditRows, candleAt } = useLiveAccount(
  'trader-live-risk',
  (h) => (lh = h),
);

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

describe('the kill switch in live mode', () => {
  beforeEach(async () => {
    seedAccount({ USDC: '15000', BTC: '0' });
    await lh.h.testDb.db.deleteFrom('equity_marks').execute();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
  });

  it('trips on a drawdown from the peak seen in the exchange balances, refuses entries, survives a restart, and resets', async () => {
    const t = await lh.start({ MAX_DRAWDOWN_PCT: '10', DAILY_LOSS_LIMIT_PCT: '0', RISK_MAX_EXPOSURE_PCT: '100' });
    // Equity is judged at each candle's close, as in paper mode: the first one sets the peak.
    await candleAt('50000');
    await waitFor(async () => plain((await markPeak()) ?? null) === '15000', {
      what: 'the peak from the first candle',
    });
    expect((await trade(t, { quantity: '0.1' })).status).toBe(201);

    // BTC falls to 30,000: 10,000 + 0.0999 × 30,000 (the fee was paid in BTC) = 12,997, a drawdown of 13.35 % from 15,000.
    lh.double.account.setPrice('BTC/USDC', '30000');
    await candleAt('30000');
    await waitFor(() => t.account.controls().killSwitch.active, { what: 'the kill switch to trip' });
    expect(t.account.controls().killSwitch.reason).toMatch(
      /drawdown of 13\.3\d*% in USDC .* reached MAX_DRAWDOWN_PCT 10/,
    );
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

    const again = await lh.start({ MAX_DRAWDOWN_PCT: '10', DAILY_LOSS_LIMIT_PCT: '0', RISK_MAX_EXPOSURE_PCT: '100' });
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
    await lh.settled(again);
    expect(again.account.controls().killSwitch.active).toBe(false);
    expect((await trade(again, {})).status).toBe(201);
    await lh.stop(again);
  });

  it('with KILL_SWITCH_CLOSE_POSITIONS sells every live position at market, exit reason kill_switch', async () => {
    const t = await lh.start({
      DAILY_LOSS_LIMIT_PCT: '5',
      MAX_DRAWDOWN_PCT: '0',
      KILL_SWITCH_CLOSE_POSITIONS: 'true',
      RISK_MAX_EXPOSURE_PCT: '100',
    });
    await candleAt('50000');
    const bought = await trade(t, { quantity: '0.1' });
    expect(bought.status).toBe(201);
    await waitFor(async () => (await markPeak()) !== undefined, { what: 'the first candle' });
    await lh.settled(t);

    lh.double.account.setPrice('BTC/USDC', '40000');
    await candleAt('40000');
    await waitFor(() => t.account.controls().killSwitch.active, { what: 'the kill switch to trip' });
    expect(t.account.controls().killSwitch.reason).toMatch(/daily loss of .* reached DAILY_LOSS_LIMIT_PCT 5/);
    await lh.settled(t);
    const exits = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('exit_reason', '=', 'kill_switch')
      .execute();
    expect(exits.map((o) => [o.side, o.status, o.demo])).toEqual([['SELL', 'filled', false]]);
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    const trip = (await auditRows('kill_switch_trip')).at(-1)!;
    expect(trip).toMatchObject({ demo: false, actor: 'risk-manager' });
    expect((trip.details as { orders: { clientOrderId: string }[] }).orders.map((o) => o.clientOrderId)).toEqual(
      exits.map((o) => o.client_order_id),
    );
    await lh.stop(t);
  });
});

describe('sizing and exposure in live mode', () => {
  beforeEach(async () => {
    seedAccount({ USDC: '15000', BTC: '0' });
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
  });

  it('sizes a signal BUY by POSITION_SIZING=equity_pct from the exchange equity', async () => {
    const t = await lh.start({ POSITION_SIZING: 'equity_pct', POSITION_EQUITY_PCT: '10' });
    await waitFor(() => t.publisher.published >= 1, { what: 'the first balance read' });
    const signal = makeSignal({ strategy: 'Sized', price: '50000' });
    await lh.h.sendSignals([signal], { source: EXCHANGE_CANDLES, startTime: lh.nextMinute() });
    await lh.h.drained();
    await lh.settled(t);
    const order = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('signal_id', '=', signal.id)
      .executeTakeFirstOrThrow();
    // 10 % of 15,000 USDC at 50,000 = 0.03 BTC.
    // 10 % of 15,000 USDC at 50,000 with the slippage (50,025): 0.02998 BTC on the step.
    expect([order.status, plain(order.quantity)]).toEqual(['filled', '0.02998']);
    await lh.stop(t);
  });

  it('counts a resting BUY limit toward the exposure limit', async () => {
    // Exposure counts our positions and resting orders against the account's 15,000 USDC.
    const t = await lh.start({ RISK_MAX_EXPOSURE_PCT: '30' });
    await candleAt('50000');
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
    const close = await lh.call(t, 'POST', '/positions/close-all', { scope: 'all', requestedBy: 'bob' });
    expect(close.status).toBe(200);
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
    // What is free is sold at once; what the limit held, once the exchange has cancelled it.
    await lh.settled(t);
    const sells = lh.double.placements().filter((r) => r.params.side === 'SELL' && r.params.type === 'MARKET');
    const sold = sells.slice(-2).reduce((n, r) => n + Number(r.params.quantity) * 1e8, 0) / 1e8;
    expect(sold.toFixed(8)).toBe(Number(held).toFixed(8));
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
