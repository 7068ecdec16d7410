import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { controlsStateSchema, type ControlsState, type Order } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';

/** Operator controls over HTTP: pause, resume, close-all, each in the audit trail. */
let h: Harness;
let trader: Trader;

beforeAll(async () => {
  h = await createHarness('trader-controls', { SYMBOLS: 'BTC/USDC,ETH/USDC', SLIPPAGE: '0', FEE_RATE: '0' });
  trader = await h.start();
  await h.publishCandle('BTC/USDC', '50000');
  await h.publishCandle('ETH/USDC', '50000');
  await waitFor(() => trader.prices.get('BTC/USDC') && trader.prices.get('ETH/USDC'), { what: 'prices' });
});

afterAll(async () => {
  await h?.close();
});

const orderOf = (signalId: string) =>
  waitFor(() => h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).executeTakeFirst(), {
    what: `the order of ${signalId}`,
  });
/** GET /controls, checked against the contract the portfolio and the web page read it with. */
const controls = async (): Promise<ControlsState> =>
  controlsStateSchema.parse(await (await fetch(`http://127.0.0.1:${trader.port}/controls`)).json());
const lastAction = () =>
  h.testDb.db.selectFrom('operator_actions').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

describe('pause and resume', () => {
  it('pauses every new entry, records who asked, and refuses entries with "paused: …"', async () => {
    const res = await h.post(trader, '/controls/pause', { scope: 'all', requestedBy: 'ops' });
    expect(res.status).toBe(201);
    expect(await controls()).toEqual({
      killSwitch: { active: false, reason: null, trippedAt: null, resetBy: null, resetAt: null },
      pauses: [{ scope: 'all', target: null, pausedBy: 'ops', pausedAt: expect.any(String) }],
    });
    expect(await lastAction()).toMatchObject({ action: 'pause', scope: 'all', target: null, actor: 'ops' });
    // pausing again changes nothing (200, same pause)
    expect((await h.post(trader, '/controls/pause', { scope: 'all', requestedBy: 'ops' })).status).toBe(200);
    expect((await controls()).pauses).toHaveLength(1);

    const signal = makeSignal({ strategy: 'Paused' });
    await h.sendSignals([signal]);
    const order = await orderOf(signal.id);
    expect(order.status).toBe('rejected');
    expect(order.reason).toMatch(/^paused: all new entries \(by ops since .+\); POST \/controls\/resume to lift it$/);

    const manual = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(manual.status).toBe(422);
    expect(((await manual.json()) as { error: string }).error).toMatch(/^paused: all new entries/);
  });

  it('resumes, recorded with who asked; entries trade again', async () => {
    const res = await h.post(trader, '/controls/resume', { scope: 'all', requestedBy: 'ops-2' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ resumed: 1, controls: { pauses: [] } });
    expect(await lastAction()).toMatchObject({
      action: 'resume',
      scope: 'all',
      actor: 'ops-2',
      details: { resumed: 1 },
    });
    const row = await h.testDb.db.selectFrom('trading_pauses').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ paused_by: 'ops', resumed_by: 'ops-2', resumed_at: expect.any(Date) });

    const signal = makeSignal({ strategy: 'Resumed' });
    await h.sendSignals([signal]);
    expect((await orderOf(signal.id)).status).toBe('filled');
  });

  it('pauses one strategy or one symbol only (a compact symbol is accepted)', async () => {
    expect(
      (await h.post(trader, '/controls/pause', { scope: 'strategy', target: 'Quiet', requestedBy: 'ops' })).status,
    ).toBe(201);
    expect(
      (await h.post(trader, '/controls/pause', { scope: 'symbol', target: 'ETHUSDC', requestedBy: 'ops' })).status,
    ).toBe(201);
    expect((await controls()).pauses.map((p) => [p.scope, p.target])).toEqual([
      ['strategy', 'Quiet'],
      ['symbol', 'ETH/USDC'],
    ]);
    const quiet = makeSignal({ strategy: 'Quiet' });
    const eth = makeSignal({ strategy: 'Loud', symbol: 'ETH/USDC', price: '50000' });
    const loud = makeSignal({ strategy: 'Loud' });
    for (const s of [quiet, eth, loud]) await h.sendSignals([s]);
    expect((await orderOf(quiet.id)).reason).toMatch(/^paused: new entries of strategy Quiet/);
    expect((await orderOf(eth.id)).reason).toMatch(/^paused: new entries in ETH\/USDC/);
    expect((await orderOf(loud.id)).status).toBe('filled');

    // A restart keeps them (they are stored), then they are lifted.
    await trader.stop();
    trader = await h.start();
    expect((await controls()).pauses).toHaveLength(2);
    await h.post(trader, '/controls/resume', { scope: 'strategy', target: 'Quiet', requestedBy: 'ops' });
    await h.post(trader, '/controls/resume', { scope: 'symbol', target: 'ETH/USDC', requestedBy: 'ops' });
    expect((await controls()).pauses).toEqual([]);
  });

  it('refuses bad requests with 400 or 415 and writes nothing', async () => {
    const before = (await h.testDb.db.selectFrom('operator_actions').selectAll().execute()).length;
    for (const body of [
      { scope: 'strategy', requestedBy: 'ops' }, // no target
      { scope: 'all', target: 'x', requestedBy: 'ops' },
      { scope: 'symbol', target: 'DOGEUSDC', requestedBy: 'ops' },
      { scope: 'everything', requestedBy: 'ops' },
      { scope: 'all', requestedBy: '' },
      { requestedBy: 'ops' }, // no scope: never "everything" by default
      {},
    ]) {
      expect((await h.post(trader, '/controls/pause', body)).status).toBe(400);
    }
    const form = await fetch(`http://127.0.0.1:${trader.port}/controls/pause`, { method: 'POST', body: 'scope=all' });
    expect(form.status).toBe(415);
    expect((await h.testDb.db.selectFrom('operator_actions').selectAll().execute()).length).toBe(before);
  });
});

describe('close-all', () => {
  beforeAll(async () => {
    // the trader restarted above: it needs a fresh price again to close at
    await h.publishCandle('BTC/USDC', '50000');
    await h.publishCandle('ETH/USDC', '50000');
    await waitFor(() => trader.prices.get('BTC/USDC') && trader.prices.get('ETH/USDC'), { what: 'prices' });
  });

  it('closes the matching positions at the last price, tagged manual, and returns the orders', async () => {
    const a = makeSignal({ strategy: 'CloseMe' });
    const b = makeSignal({ strategy: 'CloseMe', symbol: 'ETH/USDC', price: '50000' });
    const c = makeSignal({ strategy: 'KeepMe' });
    for (const s of [a, b, c]) await h.sendSignals([s]);
    for (const s of [a, b, c]) expect((await orderOf(s.id)).status).toBe('filled');

    const res = await h.post(trader, '/positions/close-all', {
      scope: 'strategy',
      target: 'CloseMe',
      requestedBy: 'bob',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { orders: Order[]; closed: number; rejected: number };
    expect([body.closed, body.rejected]).toEqual([2, 0]);
    expect(body.orders.map((o) => [o.symbol, o.strategy, o.side, o.status, o.exitReason, o.fill?.price])).toEqual([
      ['BTC/USDC', 'CloseMe', 'SELL', 'filled', 'manual', '50000'],
      ['ETH/USDC', 'CloseMe', 'SELL', 'filled', 'manual', '50000'],
    ]);
    const closed = await h.testDb.db
      .selectFrom('closed_positions')
      .selectAll()
      .where('strategy', '=', 'CloseMe')
      .execute();
    expect(closed.map((r) => [r.symbol, r.exit_reason, plain(r.net_pnl)])).toEqual([
      ['BTC/USDC', 'manual', '0'],
      ['ETH/USDC', 'manual', '0'],
    ]);
    expect(await lastAction()).toMatchObject({
      action: 'close_all',
      actor: 'bob',
      scope: 'strategy',
      target: 'CloseMe',
      details: { strategy: 'CloseMe', orders: [{ status: 'filled' }, { status: 'filled' }] },
    });
    const keep = await h.testDb.db
      .selectFrom('positions')
      .selectAll()
      .where('strategy', '=', 'KeepMe')
      .executeTakeFirstOrThrow();
    expect(plain(keep.quantity)).toBe('0.001');
  });

  it('closes nothing without a stated scope, and everything with scope all', async () => {
    const before = await h.testDb.db.selectFrom('positions').selectAll().where('quantity', '>', '0').execute();
    expect(before.length).toBeGreaterThan(0);
    for (const body of [{}, { requestedBy: 'bob' }, { scope: 'all', target: 'KeepMe' }, { scope: 'symbol' }]) {
      const refused = await h.post(trader, '/positions/close-all', body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
    }
    expect(await h.testDb.db.selectFrom('positions').selectAll().where('quantity', '>', '0').execute()).toEqual(before);
    const res = await h.post(trader, '/positions/close-all', { scope: 'all', requestedBy: 'bob' });
    const body = (await res.json()) as { orders: Order[] };
    expect(body.orders.every((o) => o.status === 'filled' && o.exitReason === 'manual')).toBe(true);
    const open = await h.testDb.db.selectFrom('positions').selectAll().where('quantity', '>', '0').execute();
    expect(open).toEqual([]);
    // nothing left: an empty list, still recorded
    const none = (await (
      await h.post(trader, '/positions/close-all', { scope: 'all', requestedBy: 'bob' })
    ).json()) as {
      orders: Order[];
    };
    expect(none.orders).toEqual([]);
    expect(await lastAction()).toMatchObject({ action: 'close_all', scope: 'all', details: { orders: [] } });
  });
});
