import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { z } from 'zod';
import { ANALYSED_FIELD } from '@roottrading/bus';
import {
  accountResetSchema,
  analysedCandleSchema,
  cancelOrderRequestSchema,
  closeAllRequestSchema,
  closePositionRequestSchema,
  killSwitchResetSchema,
  operatorActionsQuerySchema,
  ordersQuerySchema,
  pauseRequestSchema,
  tradeRequestSchema,
} from '@roottrading/contracts';
import { databaseDigest, expectRefusal, invalidInputs, invalidQueries, queryString } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, type Harness } from '../testing/harness.js';

/**
 * Every route that changes the account, fed bad bodies generated from its schema (fast-check), and
 * the analysed-candle stream fed bad entries: each is refused with a 4xx naming the problem (or
 * dropped and counted), nothing at all is written, and the trader goes on answering and trading.
 */
const RUNS = 40;
// Snapshots follow the publisher's own clock, not requests.
const BACKGROUND = ['balance_snapshots'];

interface PostRoute {
  path: string;
  schema: z.ZodType;
  valid: Record<string, unknown>;
}
const postRoutes: PostRoute[] = [
  { path: '/trade', schema: tradeRequestSchema, valid: { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.001' } },
  {
    path: '/trade',
    schema: tradeRequestSchema,
    valid: { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.001', type: 'limit', price: '40000', stopLoss: '39000' },
  },
  { path: '/controls/pause', schema: pauseRequestSchema, valid: { scope: 'symbol', target: 'BTC/USDC' } },
  { path: '/controls/resume', schema: pauseRequestSchema, valid: { scope: 'all' } },
  { path: '/positions/close-all', schema: closeAllRequestSchema, valid: { scope: 'all', requestedBy: 'fuzz' } },
  { path: '/positions/close', schema: closePositionRequestSchema, valid: { strategy: 'manual', symbol: 'BTC/USDC' } },
  { path: '/risk/kill-switch/reset', schema: killSwitchResetSchema, valid: { requestedBy: 'fuzz' } },
  { path: '/account/reset', schema: accountResetSchema, valid: {} },
];

let h: Harness;
let trader: Trader;
let before: Record<string, string>;
let keys = 0;

const url = (path: string) => `http://127.0.0.1:${trader.port}${path}`;
const postRaw = (path: string, body: string, contentType = 'application/json') =>
  fetch(url(path), {
    method: 'POST',
    headers: { 'content-type': contentType, 'Idempotency-Key': `fuzz-key-${++keys}` },
    body,
  });
const health = async () => (await fetch(url('/health'))).json() as Promise<{ details: Record<string, number> }>;

beforeAll(async () => {
  h = await createHarness('trader-fuzz', { SYMBOLS: 'BTC/USDC' });
  trader = await h.start();
  // A price, a position and a resting order: bad requests then have something they could wrongly change.
  await h.publishCandle('BTC/USDC', '50000');
  await h.sendSignals([makeSignal({ price: '50000' })]);
  await h.drained();
  const limit = { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.001', type: 'limit', price: '40000' };
  expect((await postRaw('/trade', JSON.stringify(limit))).status).toBe(202);
  before = await databaseDigest(h.testDb.db, BACKGROUND);
});

afterAll(async () => {
  await h?.close();
});

describe('the trader under generated bad input', () => {
  it.each(postRoutes.map((r) => [r.path, r] as const))('refuses bad bodies on POST %s', async (_path, route) => {
    await fc.assert(
      fc.asyncProperty(invalidInputs(route.schema, route.valid), async (body) => {
        await expectRefusal(await postRaw(route.path, JSON.stringify(body)), `${route.path} ${JSON.stringify(body)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses bodies that are not JSON, not declared JSON, or too large, on every route', async () => {
    const bodies: [string, string][] = [
      ['{"symbol": "BTC/USDC", "side": ', 'application/json'],
      ['symbol=BTC/USDC&side=BUY&quantity=1', 'application/x-www-form-urlencoded'],
      ['{"symbol": "BTC/USDC", "side": "BUY", "quantity": "1"}', 'text/plain'],
      [`{"symbol": "${'x'.repeat(2_000_000)}"}`, 'application/json'],
    ];
    for (const path of [...new Set(postRoutes.map((r) => r.path)), '/orders/no-such-order/cancel']) {
      for (const [body, type] of bodies) await expectRefusal(await postRaw(path, body, type), `${path} ${type}`);
    }
  });

  it('refuses bad bodies on a cancel, for a resting order', async () => {
    const open = (await (await fetch(url('/orders/open'))).json()) as { orders: { clientOrderId: string }[] };
    const path = `/orders/${open.orders[0]!.clientOrderId}/cancel`;
    await fc.assert(
      fc.asyncProperty(invalidInputs(cancelOrderRequestSchema, { requestedBy: 'fuzz' }), async (body) => {
        await expectRefusal(await postRaw(path, JSON.stringify(body)), `${path} ${JSON.stringify(body)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses bad queries on GET /orders and GET /controls/actions', async () => {
    const queries: [string, z.ZodType, Record<string, string>][] = [
      ['/orders', ordersQuerySchema, { limit: '10' }],
      ['/controls/actions', operatorActionsQuerySchema, { limit: '10' }],
    ];
    for (const [path, schema, valid] of queries) {
      await fc.assert(
        fc.asyncProperty(invalidQueries(schema, valid), async (query) => {
          await expectRefusal(await fetch(url(path + queryString(query))), `${path}${queryString(query)}`);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('drops bad analysed-candle entries: acknowledged, counted, nothing stepped', async () => {
    const valid = h.entryOf([makeSignal({ price: '50100' })]);
    const key = h.analysed.streamKey;
    const counted = (await health()).details.entriesInvalid!;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(invalidInputs(analysedCandleSchema, valid as unknown as Record<string, unknown>), async (e) => {
        await h.bus.redis.xadd(key, '*', ANALYSED_FIELD, h.bus.seal(key, JSON.stringify(e)));
        sent++;
      }),
      { numRuns: RUNS },
    );
    await h.bus.redis.xadd(key, '*', ANALYSED_FIELD, h.bus.seal(key, '{"candle": '));
    await h.bus.redis.xadd(key, '*', 'not-the-field', 'x');
    await h.drained();
    expect((await health()).details.entriesInvalid! - counted).toBe(sent + 2);
  });

  it('wrote nothing, and still answers and trades', async () => {
    expect(await databaseDigest(h.testDb.db, BACKGROUND)).toEqual(before);
    const res = await fetch(url('/health'));
    expect(res.status).toBe(200);
    const order = { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.001' };
    expect((await postRaw('/trade', JSON.stringify(order))).status).toBe(201);
  });
});
