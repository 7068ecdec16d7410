import { afterEach, describe, expect, it } from '@jest/globals';
import type { ControlsState } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';

/**
 * The kill switch end to end. No slippage or fees, 0.01 BTC per entry in a 1000 USDC account, so
 * equity is 500 USDC of cash plus 0.01 × the candle's close.
 */
const MIN = 60_000;
const DAY = 86_400_000;
const open: Harness[] = [];

async function world(env: Record<string, string>): Promise<{ h: Harness; trader: Trader }> {
  const h = await createHarness('trader-kill', {
    DEMO_BALANCES: 'USDC=1000',
    SLIPPAGE: '0',
    FEE_RATE: '0',
    TRADE_QUANTITY: '0.01',
    RISK_MAX_EXPOSURE_PCT: '0',
    ...env,
  });
  open.push(h);
  return { h, trader: await h.start() };
}

afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

const orderOf = (h: Harness, signalId: string) =>
  waitFor(() => h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).executeTakeFirst(), {
    what: `the order of ${signalId}`,
  });
const riskRow = (h: Harness) => h.testDb.db.selectFrom('risk_state').selectAll().executeTakeFirst();
const actions = (h: Harness) => h.testDb.db.selectFrom('operator_actions').selectAll().orderBy('id').execute();
const controls = async (trader: Trader) =>
  (await (await fetch(`http://127.0.0.1:${trader.port}/controls`)).json()) as ControlsState;

describe('the kill switch', () => {
  it('trips on the daily loss limit, refuses entries but not exits, survives a restart, and is reset only by POST', async () => {
    const started = await world({ DAILY_LOSS_LIMIT_PCT: '5', MAX_DRAWDOWN_PCT: '0' });
    const { h } = started;
    let { trader } = started;
    const D = Date.UTC(2025, 7, 4);
    const buy = makeSignal({ strategy: 'Long', price: '50000' });
    await h.sendSignals([buy], { startTime: D });
    expect((await orderOf(h, buy.id)).status).toBe('filled');

    await h.publishBar('BTC/USDC', { startTime: D + MIN, open: '50000' }); // 1000: the day starts here
    await h.publishBar('BTC/USDC', { startTime: D + 2 * MIN, open: '49000', low: '47400', close: '47400' }); // 974: −2.6 %
    await h.publishBar('BTC/USDC', { startTime: D + 3 * MIN, open: '47400', low: '45000', close: '45000' }); // 950: −5 %
    const reason = 'daily loss of 5% in USDC on 2025-08-04 (from 1000 to 950) reached DAILY_LOSS_LIMIT_PCT 5';
    const row = await waitFor(async () => ((await riskRow(h))?.kill_switch ? riskRow(h) : undefined), {
      what: 'the kill switch in risk_state',
    });
    expect(row).toMatchObject({ kill_switch: true, kill_reason: reason });
    expect((await actions(h)).map((a) => [a.action, a.actor, (a.details as { reason?: string }).reason])).toEqual([
      ['kill_switch_trip', 'risk-manager', reason],
    ]);
    const health = (await (await fetch(`http://127.0.0.1:${trader.port}/health`)).json()) as {
      details: { killSwitch: { active: boolean; reason: string } };
    };
    expect(health.details.killSwitch).toMatchObject({ active: true, reason });

    // Entries are refused; the position's exit still goes through.
    const refused = makeSignal({ strategy: 'Other', price: '45000' });
    await h.sendSignals([refused], { startTime: D + 4 * MIN });
    const refusal = await orderOf(h, refused.id);
    expect(refusal.status).toBe('rejected');
    expect(refusal.reason).toMatch(
      /^kill switch active since \d{4}-\d\d-\d\dT[\d:.]+Z: daily loss of 5% in USDC on 2025-08-04 \(from 1000 to 950\) reached DAILY_LOSS_LIMIT_PCT 5; POST \/risk\/kill-switch\/reset to allow entries again$/,
    );
    const exit = makeSignal({ strategy: 'Long', side: 'SELL', price: '45000' });
    await h.sendSignals([exit], { startTime: D + 5 * MIN });
    expect(await orderOf(h, exit.id)).toMatchObject({ status: 'filled', exit_reason: 'signal' });

    // A restart does not reset it.
    await trader.stop();
    trader = await h.start();
    expect((await controls(trader)).killSwitch).toMatchObject({ active: true, reason });
    const stillRefused = makeSignal({ strategy: 'Other', price: '45000' });
    await h.sendSignals([stillRefused], { startTime: D + 6 * MIN });
    expect((await orderOf(h, stillRefused.id)).reason).toMatch(/^kill switch active/);
    const manual = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(manual.status).toBe(422);

    // Only an explicit reset clears it, naming who asked.
    expect((await h.post(trader, '/risk/kill-switch/reset', {})).status).toBe(400);
    const reset = await h.post(trader, '/risk/kill-switch/reset', { requestedBy: 'alice' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ wasActive: true, killSwitch: { active: false, resetBy: 'alice' } });
    expect(await riskRow(h)).toMatchObject({ kill_switch: false, reset_by: 'alice' });
    const reset_ = (await actions(h)).at(-1)!;
    expect([reset_.action, reset_.actor, reset_.at]).toEqual(['kill_switch_reset', 'alice', expect.any(Date)]);
    // The loss that tripped it is history: the peak and the day start from the equity now (950).
    const marks = await h.testDb.db.selectFrom('equity_marks').selectAll().executeTakeFirstOrThrow();
    expect([plain(marks.peak), plain(marks.day_start)]).toEqual(['950', '950']);

    const after = makeSignal({ strategy: 'Other', price: '45000' });
    await h.sendSignals([after], { startTime: D + 7 * MIN });
    expect((await orderOf(h, after.id)).status).toBe('filled');
  });

  it('trips on the drawdown from peak equity across days, and may close every position (kill_switch)', async () => {
    const { h, trader } = await world({
      DAILY_LOSS_LIMIT_PCT: '0',
      MAX_DRAWDOWN_PCT: '10',
      KILL_SWITCH_CLOSE_POSITIONS: 'true',
    });
    const D = Date.UTC(2025, 8, 1, 12);
    const buy = makeSignal({ strategy: 'Long', price: '50000' });
    await h.sendSignals([buy], { startTime: D });
    expect((await orderOf(h, buy.id)).status).toBe('filled');

    const closes = ['50000', '56000', '50600', '45400']; // equity 1000, 1060 (peak), 1006, 954 (−10 %)
    for (const [i, close] of closes.entries()) {
      await h.publishBar('BTC/USDC', { startTime: D + i * DAY + MIN, open: close, close });
    }
    const reason = 'drawdown of 10% in USDC (from the peak 1060 to 954) reached MAX_DRAWDOWN_PCT 10';
    await waitFor(async () => (await riskRow(h))?.kill_reason === reason, { what: 'the drawdown trip' });

    const liquidation = await waitFor(
      () =>
        h.testDb.db
          .selectFrom('trades')
          .selectAll()
          .where('side', '=', 'SELL')
          .where('exit_reason', '=', 'kill_switch')
          .executeTakeFirst(),
      { what: 'the kill-switch liquidation' },
    );
    expect({ price: plain(liquidation.price), time: liquidation.timestamp.getTime() }).toEqual({
      price: '45400',
      time: D + 3 * DAY + 2 * MIN - 1, // the candle that tripped it
    });
    const closed = await h.testDb.db.selectFrom('closed_positions').selectAll().executeTakeFirstOrThrow();
    expect([closed.exit_reason, plain(closed.net_pnl)]).toEqual(['kill_switch', '-46']);
    expect((await controls(trader)).killSwitch.active).toBe(true);
  });

  it('cancels the resting BUY limit orders when it trips: no entry fills after it', async () => {
    const { h, trader } = await world({ DAILY_LOSS_LIMIT_PCT: '5', MAX_DRAWDOWN_PCT: '0' });
    const D = Date.UTC(2025, 7, 6);
    const buy = makeSignal({ strategy: 'Long', price: '50000' });
    await h.sendSignals([buy], { startTime: D });
    expect((await orderOf(h, buy.id)).status).toBe('filled');
    await h.publishBar('BTC/USDC', { startTime: D + MIN, open: '50000' });
    await waitFor(() => trader.prices.get('BTC/USDC') !== undefined, { what: 'the first candle' });
    const res = await h.post(trader, '/trade', {
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'limit',
      quantity: '0.001',
      price: '30000',
    });
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: { clientOrderId: string } };
    await h.publishBar('BTC/USDC', { startTime: D + 2 * MIN, open: '45000', low: '45000', close: '45000' }); // 950: −5 %
    await waitFor(async () => (await controls(trader)).killSwitch.active, { what: 'the kill switch to trip' });
    await trader.runner.idle();
    const row = await h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('client_order_id', '=', order.clientOrderId)
      .executeTakeFirstOrThrow();
    expect([row.status, row.reason]).toEqual(['canceled', 'canceled by the kill switch']);
    const usdc = await h.testDb.db
      .selectFrom('demo_balances')
      .selectAll()
      .where('asset', '=', 'USDC')
      .executeTakeFirstOrThrow();
    expect([plain(usdc.free), plain(usdc.locked)]).toEqual(['500', '0']);
    // A candle through its price fills nothing now.
    await h.publishBar('BTC/USDC', { startTime: D + 3 * MIN, open: '29000', low: '29000', close: '29000' });
    await waitFor(() => trader.prices.get('BTC/USDC')?.candleCloseTime === D + 4 * MIN - 1, { what: 'the candle' });
    await trader.runner.idle();
    expect(await h.testDb.db.selectFrom('trades').selectAll().where('strategy', '=', 'manual').execute()).toEqual([]);
  });
});
