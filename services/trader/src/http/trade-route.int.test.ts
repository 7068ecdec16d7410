import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { paperAccountResponseSchema } from '@roottrading/contracts';
import { upsertCandles } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, plain, type Harness } from '../testing/harness.js';

let h: Harness;
let trader: Trader;
let base: string;

beforeAll(async () => {
  // The order path, not the risk rules (risk/*.int.test.ts): a small account may hold more than 20 % in BTC here.
  h = await createHarness('trader-http', {
    SYMBOLS: 'BTC/USDC,ETH/USDC,SOL/USDC',
    DEMO_BALANCES: 'USDC=1000',
    RISK_MAX_EXPOSURE_PCT: '0',
    // SOL/USDC never has a candle here: the others are not held back for it longer than this.
    MARKET_WAIT: '300ms',
  });
  // ETH/USDC's only price is a candle stored an hour ago: known for valuation, too old to trade on.
  const hourAgo = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
  await upsertCandles(h.testDb.db, [
    {
      symbol: 'ETH/USDC',
      interval: '1m',
      open_time: new Date(hourAgo),
      close_time: new Date(hourAgo + 59_999),
      open: '3000',
      high: '3000',
      low: '3000',
      close: '3000',
      volume: '1',
      source: 'synthetic',
    },
  ]);
  trader = await h.start();
  base = `http://127.0.0.1:${trader.port}`;
  await h.publishBar('ETH/USDC', { startTime: hourAgo, open: '3000' });
  await h.publishCandle('BTC/USDC', '50000');
  await waitFor(() => trader.prices.get('BTC/USDC'), { what: 'the BTC/USDC price to arrive' });
});

afterAll(async () => {
  await h?.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/trade`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const count = async (table: 'orders' | 'trades') => {
  const row = await h.testDb.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};
const counts = async () => ({ orders: await count('orders'), trades: await count('trades') });

describe('POST /trade', () => {
  it('fills the seed example as written', async () => {
    const res = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: Record<string, unknown> };
    expect(order).toMatchObject({
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'market',
      quantity: '0.001',
      status: 'filled',
      // The engine's fill is on the order row too (issue 13 saw 0 here before the engine).
      filledQuantity: '0.001',
      // A market order has no limit price; what it paid is its average over the fills.
      price: null,
      averagePrice: '50025',
      reason: null,
      strategy: 'manual',
      signalId: null,
      demo: true,
      fill: {
        price: '50025',
        quantity: '0.001',
        quoteQuantity: '50.025',
        fee: '0.050025',
        feeCurrency: 'USDC',
        role: 'taker',
      },
    });
    expect(order.clientOrderId).toMatch(/^rt-o\d+$/);
  });

  it('accepts the quantity as a decimal string and rounds it down to the step', async () => {
    const res = await post({ symbol: 'BTC/USDC', side: 'buy', quantity: '0.0012345' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { quantity: string; fill: { quantity: string } } };
    expect(order.quantity).toBe('0.00123');
    expect(order.fill.quantity).toBe('0.00123');
  });

  it.each([
    ['missing quantity', { symbol: 'BTCUSDC', side: 'BUY' }, 'quantity'],
    ['negative quantity', { symbol: 'BTCUSDC', side: 'BUY', quantity: -0.001 }, 'quantity'],
    ['zero quantity', { symbol: 'BTCUSDC', side: 'BUY', quantity: 0 }, 'quantity'],
    ['non-numeric quantity', { symbol: 'BTCUSDC', side: 'BUY', quantity: 'abc' }, 'quantity'],
    ['huge quantity', { symbol: 'BTCUSDC', side: 'BUY', quantity: '1e30' }, 'quantity'],
    ['absurd quantity', { symbol: 'BTCUSDC', side: 'BUY', quantity: 1e30 }, 'quantity'],
    ['bad side', { symbol: 'BTCUSDC', side: 'HOLD', quantity: 0.001 }, 'side'],
    ['missing symbol', { side: 'BUY', quantity: 0.001 }, 'symbol'],
    ['unknown symbol', { symbol: 'DOGEUSDC', side: 'BUY', quantity: 0.001 }, 'symbol'],
    ['near-miss symbol', { symbol: 'BTCUSD', side: 'BUY', quantity: 0.001 }, 'symbol'],
    ['extra field', { symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001, price: 1 }, 'price'],
    [
      'limit price off the tick',
      { symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001, type: 'limit', price: '49000.005' },
      'price',
    ],
    ['invalid JSON', '{"symbol": "BTCUSDC",', 'body'],
    ['an array', [1, 2], 'trade request'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_what, body, field) => {
    const before = await counts();
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; details: { field: string }[] };
    expect(json.details.map((d) => d.field)).toContain(field);
    expect(json.error).toContain(field === 'body' ? 'JSON' : field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that is not sent as JSON with 415 and writes nothing', async () => {
    const before = await counts();
    const res = await fetch(`${base}/trade`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { details: { field: string }[] }).details[0]?.field).toBe('body');
    expect(await counts()).toEqual(before);
  });

  it('refuses an unaffordable order with 422 and records it as rejected', async () => {
    const res = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 1 });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; order: { id: string; status: string; reason: string } };
    expect(body.error).toMatch(/^insufficient USDC: need 50075.025 have \d+(\.\d+)?$/);
    expect(body.order).toMatchObject({ status: 'rejected', reason: body.error, fill: null });
    const row = await h.testDb.db.selectFrom('orders').selectAll().where('id', '=', body.order.id).executeTakeFirst();
    expect(row).toMatchObject({ status: 'rejected', reason: body.error, strategy: 'manual' });
  });

  it('refuses to sell more than the manual position holds', async () => {
    const res = await post({ symbol: 'BTCUSDC', side: 'SELL', quantity: 5 });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toBe(
      'manual holds only 0.00223 BTC of BTC/USDC; cannot sell 5',
    );
  });

  it('refuses an order below the minimum value', async () => {
    const res = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: '0.00001' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toBe(
      'order value 0.50025 USDC is below the minimum 5 USDC of BTC/USDC',
    );
  });

  it('refuses with 422 when no price is known, and when the last one is too old', async () => {
    const none = await post({ symbol: 'SOLUSDC', side: 'BUY', quantity: 1 });
    expect(none.status).toBe(422);
    expect(((await none.json()) as { error: string }).error).toBe(
      'no price known for SOL/USDC yet; is market data flowing?',
    );
    const stale = await post({ symbol: 'ETHUSDC', side: 'BUY', quantity: 0.01 });
    expect(stale.status).toBe(422);
    expect(((await stale.json()) as { error: string }).error).toMatch(
      /^last price of ETH\/USDC is 3\d{3}s old \(limit 180s/,
    );
    expect(trader.prices.get('ETH/USDC')?.price.toFixed()).toBe('3000');
  });

  it('sells from the manual position', async () => {
    const res = await post({ symbol: 'BTCUSDC', side: 'SELL', quantity: 0.001 });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { fill: { price: string } } };
    expect(order.fill.price).toBe('49975');
  });
});

describe('Idempotency-Key', () => {
  it('answers a retry with the first result and trades once', async () => {
    const before = await counts();
    const headers = { 'Idempotency-Key': 'retry-1' };
    const first = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 }, headers);
    const second = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 }, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(await counts()).toEqual({ orders: before.orders + 1, trades: before.trades + 1 });
  });

  it('answers a retried rejection with the same 422', async () => {
    const headers = { 'Idempotency-Key': 'retry-rejected' };
    const first = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 10 }, headers);
    const second = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 10 }, headers);
    expect([first.status, second.status]).toEqual([422, 422]);
    expect(await second.json()).toEqual(await first.json());
  });

  it('trades once when the same key arrives concurrently', async () => {
    const before = await counts();
    const headers = { 'Idempotency-Key': 'concurrent-1' };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post({ symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' }, headers)),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(await counts()).toEqual({ orders: before.orders + 1, trades: before.trades + 1 });
  });

  it('refuses a key reused for a different order with 409', async () => {
    const headers = { 'Idempotency-Key': 'reused-1' };
    expect((await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 }, headers)).status).toBe(201);
    const other = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.002 }, headers);
    expect(other.status).toBe(409);
  });

  it.each([['x'.repeat(129)], ['   '], ['tab\tkey']])('refuses the key %j with 400 and writes nothing', async (key) => {
    const before = await counts();
    const res = await post({ symbol: 'BTCUSDC', side: 'BUY', quantity: 0.001 }, { 'Idempotency-Key': key });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: { field: string }[] }).details[0]?.field).toBe('Idempotency-Key');
    expect(await counts()).toEqual(before);
  });
});

describe('reading the account', () => {
  it('lists recent orders newest first with their fills', async () => {
    const res = await fetch(`${base}/orders?limit=2`);
    expect(res.status).toBe(200);
    const { orders } = (await res.json()) as { orders: { id: string; status: string }[] };
    expect(orders).toHaveLength(2);
    expect(Number(orders[0]!.id)).toBeGreaterThan(Number(orders[1]!.id));
    for (const bad of ['limit=0', 'limit=abc', 'limit=501', 'foo=1']) {
      expect((await fetch(`${base}/orders?${bad}`)).status).toBe(400);
    }
  });

  it('shows balances, positions and totals', async () => {
    const res = await fetch(`${base}/account`);
    // The answer is the contract's, field for field.
    const account = paperAccountResponseSchema.parse(await res.json());
    const usdc = account.balances.find((b) => b.asset === 'USDC')!;
    expect(usdc.initial).toBe('1000');
    expect(account.positions).toEqual([
      expect.objectContaining({ strategy: 'manual', symbol: 'BTC/USDC', quantity: '0.00423', lastPrice: '50000' }),
    ]);
    const total = account.totals.find((t) => t.currency === 'USDC')!;
    expect(total.holdingsValue).toBe('211.5');
    expect(total.cash).toBe(usdc.total);
  });

  it('resets the demo account to DEMO_BALANCES and keeps the history', async () => {
    const before = await counts();
    const refused = await fetch(`${base}/account/reset`, { method: 'POST' });
    expect(refused.status).toBe(415);
    const res = await fetch(`${base}/account/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const account = (await res.json()) as { balances: { asset: string; free: string }[]; positions: unknown[] };
    expect(account.balances.map((b) => [b.asset, b.free])).toEqual([['USDC', '1000']]);
    expect(account.positions).toEqual([]);
    expect(await counts()).toEqual(before);
    const rows = await h.testDb.db.selectFrom('demo_balances').select(['asset', 'free']).execute();
    expect(rows.map((r) => [r.asset, plain(r.free)])).toEqual([['USDC', '1000']]);
  });

  it('reports mode, counters, stream lag and price ages on /health', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { status: string; details: Record<string, unknown> };
    expect(health.status).toBe('up');
    expect(health.details).toMatchObject({
      mode: 'demo',
      consumer: 'trader-1',
      signalsHandled: 0,
      streamLag: { pending: 0, undelivered: 0 },
      lastPrices: { 'BTC/USDC': { price: '50000' }, 'ETH/USDC': { price: '3000' } },
    });
    expect(health.details.ordersFilled).toEqual(expect.any(Number));
    expect(health.details.ordersRejected).toEqual(expect.any(Number));
    expect(health.details.ordersExpired).toBe(0);
  });
});
