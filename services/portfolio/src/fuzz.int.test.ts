import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { z } from 'zod';
import { Bus } from '@roottrading/bus';
import {
  balancesMessageSchema,
  candleSchema,
  equityQuerySchema,
  positionsHistoryQuerySchema,
  topics,
  totalBalanceMessageSchema,
  type BalancesMessage,
  type TotalBalanceMessage,
} from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  TEST_REDIS_URL,
  createTestDatabase,
  databaseDigest,
  expectRefusal,
  invalidInputs,
  invalidQueries,
  queryString,
  silentLevel,
  testNamespace,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import { noQuerySchema, portfolioTradesQuerySchema } from './queries.js';
import { startTestPortfolio, type TestPortfolio } from './test-support.js';

/**
 * The portfolio under generated bad input: account and market messages their schemas refuse are
 * dropped and counted and change nothing it serves; bad queries on every route are a 400.
 */
const RUNS = 40;
let tdb: TestDatabase;
let bus: Bus;
let portfolio: TestPortfolio;
const namespace = testNamespace('portfolio-fuzz');

const balances: BalancesMessage = {
  mode: 'demo',
  timestamp: Date.UTC(2025, 0, 1),
  balances: [{ asset: 'USDC', free: '100', locked: '0', total: '100', value: '100', valueCurrency: 'USDC' }],
};
const totals: TotalBalanceMessage = {
  mode: 'demo',
  timestamp: Date.UTC(2025, 0, 1),
  totals: [
    {
      currency: 'USDC',
      total: '151',
      cash: '100',
      holdingsValue: '51',
      holdingsCost: '50',
      prices: { 'BTC/USDC': '51000' },
    },
  ],
};
const candle = {
  symbol: 'BTC/USDC',
  interval: '1m',
  startTime: Date.UTC(2025, 0, 1),
  closeTime: Date.UTC(2025, 0, 1) + 59_999,
  open: '51000',
  high: '51000',
  low: '51000',
  close: '51000',
  volume: '1',
  source: 'synthetic',
};

const served = async () => ({
  balance: (await portfolio.get('/portfolio/balance')).body,
  summary: (await portfolio.get('/portfolio/summary')).body,
});
const invalidCount = async () =>
  ((await portfolio.get('/health')).body as { details: { invalidMessages: number } }).details.invalidMessages;

beforeAll(async () => {
  tdb = await createTestDatabase();
  bus = new Bus({ url: TEST_REDIS_URL, namespace, logger: createLogger('test', silentLevel) });
  portfolio = await startTestPortfolio(tdb, namespace);
  await bus.publish(topics.balances, balances);
  await bus.publish(topics.totalBalance, totals);
  await bus.publish(topics.marketData('BTC/USDC'), candle);
  await waitFor(
    async () => ((await served()).balance as { balances?: unknown[] }).balances?.length === 1 || undefined,
    {
      what: 'the good messages taken',
    },
  );
});

afterAll(async () => {
  await portfolio?.svc.stop();
  await bus?.close();
  await tdb?.drop();
});

describe('the portfolio under generated bad input', () => {
  it('drops account and market messages their schemas refuse, serving what it served before', async () => {
    const before = await served();
    const digest = await databaseDigest(tdb.db);
    const counted = await invalidCount();
    const channels: [string, z.ZodType, Record<string, unknown>][] = [
      [topics.balances.channel, balancesMessageSchema, { ...balances, timestamp: Date.UTC(2026, 0, 1) }],
      [topics.totalBalance.channel, totalBalanceMessageSchema, { ...totals, timestamp: Date.UTC(2026, 0, 1) }],
      [topics.marketData('BTC/USDC').channel, candleSchema, { ...candle, startTime: Date.UTC(2026, 0, 1) }],
    ];
    let sent = 0;
    for (const [channel, schema, valid] of channels) {
      await fc.assert(
        fc.asyncProperty(invalidInputs(schema, valid), async (message) => {
          await bus.redis.publish(bus.key(channel), JSON.stringify(message));
          sent++;
        }),
        { numRuns: RUNS },
      );
    }
    await waitFor(async () => ((await invalidCount()) - counted === sent ? true : undefined), {
      what: 'every bad message counted',
    });
    expect(await served()).toEqual(before);
    expect(await databaseDigest(tdb.db)).toEqual(digest);
  });

  it('refuses bad queries on every route with a 400 naming the problem', async () => {
    const routes: [string, z.ZodType, Record<string, string>][] = [
      ['/portfolio/trades', portfolioTradesQuerySchema, { limit: '10', side: 'BUY' }],
      ['/portfolio/positions/history', positionsHistoryQuerySchema, { limit: '10' }],
      ['/portfolio/equity', equityQuerySchema, { currency: 'USDC', limit: '10' }],
      ['/portfolio/pnl', noQuerySchema, {}],
      ['/portfolio/positions', noQuerySchema, {}],
      ['/stats/live', noQuerySchema, {}],
    ];
    for (const [path, schema, valid] of routes) {
      await fc.assert(
        fc.asyncProperty(invalidQueries(schema, valid), async (query) => {
          const target = `${path}${queryString(query)}`;
          await expectRefusal(await fetch(`http://127.0.0.1:${portfolio.svc.port}${target}`), target, 400);
        }),
        { numRuns: RUNS },
      );
    }
    expect((await portfolio.get('/health')).status).toBe(200);
  });
});
