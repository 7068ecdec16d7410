import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { operatorActionsPageSchema, type Order, type OperatorActionsPage } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';

/**
 * One position closed over HTTP (POST /positions/close), refused cleanly when it is not there to
 * close, an operator's cancel in the audit trail, and the audit trail itself (GET /controls/actions).
 */
let h: Harness;
let trader: Trader;

beforeAll(async () => {
  h = await createHarness('trader-close-one', { SYMBOLS: 'BTC/USDC,ETH/USDC', SLIPPAGE: '0', FEE_RATE: '0' });
  trader = await h.start();
  await h.publishCandle('BTC/USDC', '50000');
  await h.publishCandle('ETH/USDC', '50000');
  await waitFor(() => trader.prices.get('BTC/USDC') && trader.prices.get('ETH/USDC'), { what: 'prices' });
});

afterAll(async () => {
  await h?.close();
});

const db = () => h.testDb.db;
/** What a refused request must leave as it was: orders, positions, closed positions, the audit trail. */
const written = async () => ({
  orders: (await db().selectFrom('orders').select('id').execute()).length,
  closed: (await db().selectFrom('closed_positions').select('id').execute()).length,
  actions: (await db().selectFrom('operator_actions').select('id').execute()).length,
  open: await db().selectFrom('positions').selectAll().where('quantity', '>', '0').orderBy('strategy').execute(),
});
const positionOf = (strategy: string, symbol = 'BTC/USDC') =>
  db()
    .selectFrom('positions')
    .selectAll()
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .executeTakeFirstOrThrow();
const lastAction = () =>
  db().selectFrom('operator_actions').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

async function open(strategy: string, symbol = 'BTC/USDC'): Promise<Date> {
  const signal = makeSignal({ strategy, symbol });
  await h.sendSignals([signal]);
  await waitFor(
    () => db().selectFrom('orders').select('status').where('signal_id', '=', signal.id).executeTakeFirst(),
    { what: `the BUY of ${strategy}` },
  );
  return (await positionOf(strategy, symbol)).opened_at!;
}

const close = (body: Record<string, unknown>) => h.post(trader, '/positions/close', body);
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

describe('closing one position', () => {
  let openedAt: Date;
  beforeAll(async () => {
    openedAt = await open('One');
    await open('One', 'ETH/USDC');
    await open('Two');
  });

  it('sells that position whole at the last price, tagged manual, and leaves the others open', async () => {
    const res = await close({
      strategy: 'One',
      symbol: 'BTCUSDC',
      openedAt: openedAt.toISOString(),
      requestedBy: 'carol',
    });
    expect(res.status).toBe(200);
    const { order } = (await res.json()) as { order: Order };
    expect([order.symbol, order.strategy, order.side, order.status, order.exitReason, order.fill?.price]).toEqual([
      'BTC/USDC',
      'One',
      'SELL',
      'filled',
      'manual',
      '50000',
    ]);
    const closed = await db().selectFrom('closed_positions').selectAll().where('strategy', '=', 'One').execute();
    expect(closed.map((r) => [r.symbol, r.exit_reason, r.opened_at.getTime(), plain(r.quantity)])).toEqual([
      ['BTC/USDC', 'manual', openedAt.getTime(), '0.001'],
    ]);
    expect(plain((await positionOf('One', 'ETH/USDC')).quantity)).toBe('0.001');
    expect(plain((await positionOf('Two')).quantity)).toBe('0.001');
    expect(await lastAction()).toMatchObject({
      action: 'close_position',
      actor: 'carol',
      scope: null,
      target: 'BTC/USDC',
      details: {
        strategy: 'One',
        symbol: 'BTC/USDC',
        orders: [{ clientOrderId: order.clientOrderId, status: 'filled' }],
      },
    });
  });

  it('refuses it once closed (409, naming how it closed), and writes nothing', async () => {
    const before = await written();
    const res = await close({
      strategy: 'One',
      symbol: 'BTC/USDC',
      openedAt: openedAt.toISOString(),
      requestedBy: 'carol',
    });
    expect(res.status).toBe(409);
    const closedAt = (
      await db()
        .selectFrom('closed_positions')
        .select('closed_at')
        .where('strategy', '=', 'One')
        .executeTakeFirstOrThrow()
    ).closed_at;
    expect(await errorOf(res)).toBe(
      `One's BTC/USDC position opened at ${openedAt.toISOString()} is already closed (exit reason manual, at ${closedAt.toISOString()})`,
    );
    expect(await written()).toEqual(before);
  });

  it('never sells a position opened since under the same strategy and symbol', async () => {
    const reopened = await open('One');
    const before = await written();
    const res = await close({
      strategy: 'One',
      symbol: 'BTC/USDC',
      openedAt: openedAt.toISOString(),
      requestedBy: 'carol',
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatch(
      new RegExp(
        `^One's BTC/USDC position opened at ${openedAt.toISOString()} is already closed \\(exit reason manual, at .+\\); ` +
          `the one open now opened at ${reopened.toISOString()}$`,
      ),
    );
    expect(await written()).toEqual(before);
  });

  it('answers 404 when there is no such open position, and writes nothing', async () => {
    const before = await written();
    const nobody = await close({ strategy: 'Nobody', symbol: 'BTC/USDC', requestedBy: 'carol' });
    expect(nobody.status).toBe(404);
    expect(await errorOf(nobody)).toBe("no open Nobody's BTC/USDC position");
    const never = await close({ strategy: 'Two', symbol: 'ETH/USDC', openedAt: '2020-01-01T00:00:00.000Z' });
    expect(never.status).toBe(404);
    expect(await written()).toEqual(before);
  });

  it('refuses bad requests with 400 or 415 naming the field, and writes nothing', async () => {
    const before = await written();
    for (const [body, field] of [
      [{ symbol: 'BTC/USDC' }, 'strategy'],
      [{ strategy: 'Two' }, 'symbol'],
      [{ strategy: 'Two', symbol: 'DOGEUSDC' }, 'symbol'],
      [{ strategy: 'Two', symbol: 'BTC/USDC', openedAt: 'yesterday' }, 'openedAt'],
      [{ strategy: 'Two', symbol: 'BTC/USDC', requestedBy: '' }, 'requestedBy'],
      [{ strategy: 'Two', symbol: 'BTC/USDC', scope: 'all' }, 'scope'],
    ] as const) {
      const res = await close(body);
      const answer = (await res.json()) as { details: { field: string }[] };
      expect({ body, status: res.status, field: answer.details[0]?.field }).toEqual({ body, status: 400, field });
    }
    const form = await fetch(`http://127.0.0.1:${trader.port}/positions/close`, {
      method: 'POST',
      body: 'strategy=Two&symbol=BTCUSDC',
    });
    expect(form.status).toBe(415);
    expect(await written()).toEqual(before);
  });

  it('closes whichever one is open when no open time is given', async () => {
    const res = await close({ strategy: 'Two', symbol: 'BTC/USDC', requestedBy: 'dan' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { order: Order }).order.status).toBe('filled');
    expect(plain((await positionOf('Two')).quantity)).toBe('0');
  });
});

describe('cancels in the audit trail', () => {
  const limit = async () => {
    const res = await h.post(trader, '/trade', {
      symbol: 'BTC/USDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '40000',
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { order: Order }).order;
  };
  const cancel = (id: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${trader.port}/orders/${id}/cancel`, { method: 'POST', ...init });

  it('records who canceled a resting order and what it was; a cancel that changes nothing is not recorded', async () => {
    const order = await limit();
    const res = await cancel(order.clientOrderId, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestedBy: 'erin' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { order: Order }).order).toMatchObject({
      status: 'canceled',
      reason: 'canceled by erin',
    });
    expect(await lastAction()).toMatchObject({
      action: 'cancel_order',
      actor: 'erin',
      target: order.clientOrderId,
      details: {
        status: 'canceled',
        symbol: 'BTC/USDC',
        side: 'BUY',
        type: 'limit',
        quantity: '0.001',
        price: '40000',
      },
    });
    const before = await written();
    expect((await cancel(order.clientOrderId)).status).toBe(409);
    expect(await written()).toEqual(before);
  });

  it('takes a cancel without a body as asked by "api", and refuses a body that is not JSON', async () => {
    const order = await limit();
    const form = await cancel(order.clientOrderId, { body: 'requestedBy=x' });
    expect(form.status).toBe(415);
    const bad = await cancel(order.clientOrderId, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestedBy: 'x', extra: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await db()
          .selectFrom('orders')
          .select('status')
          .where('client_order_id', '=', order.clientOrderId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('open');
    expect((await cancel(order.clientOrderId)).status).toBe(200);
    expect(await lastAction()).toMatchObject({ action: 'cancel_order', actor: 'api', target: order.clientOrderId });
  });
});

describe('the audit trail over HTTP', () => {
  const actions = async (query: string): Promise<OperatorActionsPage> => {
    const res = await fetch(`http://127.0.0.1:${trader.port}/controls/actions${query}`);
    expect(res.status).toBe(200);
    return operatorActionsPageSchema.parse(await res.json());
  };

  it('lists who asked for what, newest first, a page at a time', async () => {
    const all = await actions('?limit=500');
    const stored = await db().selectFrom('operator_actions').selectAll().orderBy('id', 'desc').execute();
    expect(all.total).toBe(stored.length);
    expect(all.actions.map((a) => [a.id, a.action, a.actor, a.at])).toEqual(
      stored.map((r) => [r.id, r.action, r.actor, r.at.toISOString()]),
    );
    expect(all.actions.slice(0, 2).map((a) => a.action)).toEqual(['cancel_order', 'cancel_order']);

    const second = await actions('?limit=2&page=2');
    expect(second).toMatchObject({
      mode: 'demo',
      page: 2,
      limit: 2,
      total: stored.length,
      pages: Math.ceil(stored.length / 2),
    });
    expect(second.actions.map((a) => a.id)).toEqual(stored.slice(2, 4).map((r) => r.id));
  });

  it('refuses a bad query naming it', async () => {
    for (const query of ['?limit=0', '?limit=abc', '?page=0', '?foo=1']) {
      const res = await fetch(`http://127.0.0.1:${trader.port}/controls/actions${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });
});
