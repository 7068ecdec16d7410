import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, plain, type Bar, type Harness } from '../testing/harness.js';

// Demo limit orders end to end: placed over HTTP, filled by candles from the bus, through a restart.
let h: Harness;
let trader: Trader;
const MINUTE = 60_000;
/** Candle times: minute-aligned, an hour ago, one minute further for each bar. */
const T0 = Math.floor((Date.now() - 3_600_000) / MINUTE) * MINUTE;
let next = 0;

beforeAll(async () => {
  h = await createHarness('trader-limit', {
    DEMO_BALANCES: 'USDC=1000',
    FEE_RATE: '0.001',
    SLIPPAGE: '0',
    RISK_MAX_EXPOSURE_PCT: '0',
  });
  trader = await h.start();
  await bar({ open: '50000' });
});

afterAll(async () => {
  await h?.close();
});

/** Publishes the next candle and waits until the trader has handled it completely. */
async function bar(b: Omit<Bar, 'startTime'>, t: Trader = trader): Promise<void> {
  const startTime = T0 + next++ * MINUTE;
  await h.publishBar('BTC/USDC', { startTime, ...b });
  await waitFor(() => t.prices.get('BTC/USDC')?.candleCloseTime === startTime + MINUTE - 1, {
    what: 'the candle to arrive',
  });
  await t.runner.idle();
}

const url = (path: string, t: Trader = trader) => `http://127.0.0.1:${t.port}${path}`;
const limit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(url('/trade'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ symbol: 'BTC/USDC', type: 'limit', ...body }),
  });
const cancel = (id: string) =>
  fetch(url(`/orders/${id}/cancel`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
const openOrders = async (t: Trader = trader) =>
  ((await (await fetch(url('/orders/open', t))).json()) as { mode: string; orders: { clientOrderId: string }[] })
    .orders;

async function balance(asset: string) {
  const row = await h.testDb.db.selectFrom('demo_balances').selectAll().where('asset', '=', asset).executeTakeFirst();
  return { free: plain(row?.free ?? '0'), locked: plain(row?.locked ?? '0') };
}
const orderRow = (clientOrderId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('client_order_id', '=', clientOrderId).executeTakeFirstOrThrow();
const tradeOf = (orderId: string) =>
  h.testDb.db.selectFrom('trades').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();

interface OrderView {
  id: string;
  clientOrderId: string;
  status: string;
  type: string;
  price: string | null;
  reason: string | null;
  filledQuantity: string;
}

async function place(body: Record<string, unknown>, status: number): Promise<OrderView> {
  const res = await limit(body);
  const json = (await res.json()) as { order: OrderView };
  expect(res.status).toBe(status);
  return json.order;
}

describe('demo limit orders', () => {
  it('refuses an off-tick price with a 400 naming price', async () => {
    const res = await limit({ side: 'BUY', quantity: '0.01', price: '49000.005' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: { field: string }[] }).details[0]!.field).toBe('price');
  });

  it('rests a BUY with its funds locked, and fills it when a candle trades through the price', async () => {
    const order = await place({ side: 'BUY', quantity: '0.01', price: '49000' }, 202);
    expect(order).toMatchObject({ status: 'open', type: 'limit', price: '49000', filledQuantity: '0' });
    // 0.01 × 49000 = 490, fee 0.49: 490.49 moves from free to locked.
    expect(await balance('USDC')).toEqual({ free: '509.51', locked: '490.49' });
    expect((await openOrders()).map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);

    await bar({ open: '50000', high: '50100', low: '49000.01', close: '49500' });
    expect((await orderRow(order.clientOrderId)).status).toBe('open');
    expect(await balance('USDC')).toEqual({ free: '509.51', locked: '490.49' });

    await bar({ open: '49800', high: '49800', low: '48900', close: '49200' });
    const row = await orderRow(order.clientOrderId);
    expect(row.status).toBe('filled');
    expect(plain(row.filled_quantity)).toBe('0.01');
    const trade = await tradeOf(row.id);
    expect(trade).toMatchObject({ role: 'maker', strategy: 'manual', side: 'BUY', exit_reason: null });
    expect(plain(trade.price)).toBe('49000');
    expect(plain(trade.fee)).toBe('0.49');
    expect(await balance('USDC')).toEqual({ free: '509.51', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.01', locked: '0' });
    expect(await openOrders()).toEqual([]);
  });

  it('fills at the open when the candle opens below a BUY price', async () => {
    const order = await place({ side: 'BUY', quantity: '0.002', price: '48000' }, 202);
    // 96 + fee 0.096 locked.
    expect(await balance('USDC')).toEqual({ free: '413.414', locked: '96.096' });
    await bar({ open: '47500', high: '47600', low: '47000', close: '47400' });
    const trade = await tradeOf((await orderRow(order.clientOrderId)).id);
    // 0.002 × 47500 = 95, fee 0.095.
    expect(plain(trade.price)).toBe('47500');
    expect(await balance('USDC')).toEqual({ free: '414.415', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.012', locked: '0' });
  });

  it('sells the manual position on a candle whose high reaches the price', async () => {
    const order = await place({ side: 'SELL', quantity: '0.012', price: '51000' }, 202);
    expect(await balance('BTC')).toEqual({ free: '0', locked: '0.012' });
    // Everything the manual position holds is reserved already.
    const more = await place({ side: 'SELL', quantity: '0.001', price: '52000' }, 422);
    expect(more.status).toBe('rejected');
    expect(more.reason).toMatch(/reserved by open SELL orders/);

    await bar({ open: '50500', high: '51500', low: '50400', close: '51200' });
    const row = await orderRow(order.clientOrderId);
    expect(row.status).toBe('filled');
    const trade = await tradeOf(row.id);
    expect(trade).toMatchObject({ role: 'maker', side: 'SELL', exit_reason: 'manual' });
    expect(plain(trade.price)).toBe('51000');
    // 0.012 × 51000 = 612, fee 0.612: 414.415 + 611.388.
    expect(await balance('USDC')).toEqual({ free: '1025.803', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0', locked: '0' });
  });

  it('cancels: funds unlocked, 409 the second time, 404 for an unknown id; a keyed retry replays', async () => {
    const key = { 'Idempotency-Key': 'limit-cancel-1' };
    const res = await limit({ side: 'BUY', quantity: '0.001', price: '40000' }, key);
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: OrderView };
    const again = await limit({ side: 'BUY', quantity: '0.001', price: '40000' }, key);
    expect(again.status).toBe(202);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await again.json()) as { order: OrderView }).order.id).toBe(order.id);
    expect(await balance('USDC')).toEqual({ free: '985.763', locked: '40.04' });

    const first = await cancel(order.clientOrderId);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { order: OrderView }).order.status).toBe('canceled');
    expect(await balance('USDC')).toEqual({ free: '1025.803', locked: '0' });
    expect((await cancel(order.clientOrderId)).status).toBe(409);
    expect((await cancel('no-such-order')).status).toBe(404);
    // A canceled order never fills.
    await bar({ open: '39000', low: '38000' });
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
  });

  it('refuses an unaffordable BUY with a 422 and records it rejected', async () => {
    const order = await place({ side: 'BUY', quantity: '1', price: '40000' }, 422);
    expect(order.status).toBe('rejected');
    expect(order.reason).toMatch(/insufficient USDC/);
    expect((await orderRow(order.clientOrderId)).status).toBe('rejected');
    expect(await balance('USDC')).toEqual({ free: '1025.803', locked: '0' });
  });

  it('rests a BUY with a stop loss and a take profit, keeps them through a restart, and the position it opens takes them', async () => {
    const res = await limit({
      side: 'BUY',
      quantity: '0.001',
      price: '44000',
      stopLoss: '42000.004',
      takeProfit: 46000,
    });
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: OrderView & { stopLoss: string; takeProfit: string } };
    // On the tick, never closer to the entry than asked: the stop rounds down.
    expect(order).toMatchObject({ status: 'open', stopLoss: '42000', takeProfit: '46000' });
    await trader.stop();
    trader = await h.start();
    expect(await openOrders()).toMatchObject([
      { clientOrderId: order.clientOrderId, stopLoss: '42000', takeProfit: '46000' },
    ]);
    await bar({ open: '44500', low: '43900' });
    expect((await orderRow(order.clientOrderId)).status).toBe('filled');
    const position = await h.testDb.db
      .selectFrom('positions')
      .selectAll()
      .where('strategy', '=', 'manual')
      .executeTakeFirstOrThrow();
    expect([plain(position.quantity), plain(position.stop_loss), plain(position.take_profit)]).toEqual([
      '0.001',
      '42000',
      '46000',
    ]);
    // The target is reached on a later candle: the position is sold there, tagged take_profit.
    await bar({ open: '45000', high: '46500' });
    const exit = await h.testDb.db
      .selectFrom('trades')
      .selectAll()
      .where('exit_reason', '=', 'take_profit')
      .executeTakeFirstOrThrow();
    expect([exit.side, plain(exit.price), plain(exit.quantity)]).toEqual(['SELL', '46000', '0.001']);
    // 44 + fee 0.044 paid, 46 − fee 0.046 back.
    expect(await balance('USDC')).toEqual({ free: '1027.713', locked: '0' });
  });

  it('refuses a limit BUY whose stop is not below its price (422, recorded rejected), and protections on a SELL (400)', async () => {
    const stop = await place({ side: 'BUY', quantity: '0.001', price: '44000', stopLoss: '44000' }, 422);
    expect(stop.reason).toMatch(/^stop-loss 44000 must be above 0 and below the entry price 44000/);
    const sell = await limit({ side: 'SELL', quantity: '0.001', price: '50000', takeProfit: '51000' });
    expect(sell.status).toBe(400);
    expect(((await sell.json()) as { details: { field: string }[] }).details[0]!.field).toBe('takeProfit');
  });

  it('keeps an open order through a restart, and it still fills', async () => {
    const order = await place({ side: 'BUY', quantity: '0.001', price: '45000' }, 202);
    await trader.stop();
    trader = await h.start();
    expect((await openOrders()).map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);
    await bar({ open: '46000', low: '45500' });
    expect((await orderRow(order.clientOrderId)).status).toBe('open');
    await bar({ open: '45800', low: '44900' });
    const row = await orderRow(order.clientOrderId);
    expect(row.status).toBe('filled');
    expect(plain((await tradeOf(row.id)).price)).toBe('45000');
    // 45 + fee 0.045.
    expect(await balance('USDC')).toEqual({ free: '982.668', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.001', locked: '0' });
  });
});
