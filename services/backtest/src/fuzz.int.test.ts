import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { z } from 'zod';
import { backtestCandlesQuerySchema, backtestDetailQuerySchema, backtestRequestSchema } from '@roottrading/contracts';
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
  type TestDatabase,
} from '@roottrading/testing';
import { loadBacktestConfig } from './config.js';
import { startBacktestService, type BacktestService } from './service.js';

/**
 * The backtest API under generated bad input: a run request its schema refuses is a 400 naming the
 * problem, and nothing is stored or queued; bad queries on a run's pages are a 400 too.
 */
const RUNS = 60;
let tdb: TestDatabase;
let svc: BacktestService;
const url = (path: string) => `http://127.0.0.1:${svc.port}${path}`;
const queued = async () =>
  ((await (await fetch(url('/health'))).json()) as { details: { queue: Record<string, number> } }).details.queue;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const env = {
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: testNamespace('backtest-fuzz'),
    SYMBOLS: 'BTC/USDC',
    BACKTEST_PORT: '0',
    BACKTEST_CONCURRENCY: '0',
  };
  svc = await startBacktestService(loadBacktestConfig(env), { logger: createLogger('backtest', silentLevel), env });
});

afterAll(async () => {
  await svc?.stop();
  await tdb?.drop();
});

describe('the backtest API under generated bad input', () => {
  it('refuses bad run requests, storing and queueing nothing', async () => {
    const digest = await databaseDigest(tdb.db);
    const counts = await queued();
    const valid = {
      source: 'synthetic',
      symbols: ['BTC/USDC'],
      strategies: ['RSI_Strategy'],
      from: '2025-01-01T00:00:00Z',
      to: '2025-01-02T00:00:00Z',
      settings: { FEE_RATE: '0.001' },
      label: 'fuzz',
    };
    await fc.assert(
      fc.asyncProperty(invalidInputs(backtestRequestSchema, valid), async (body) => {
        const res = await fetch(url('/backtests'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await expectRefusal(res, `POST /backtests ${JSON.stringify(body)}`, 400);
      }),
      { numRuns: RUNS },
    );
    expect(await databaseDigest(tdb.db)).toEqual(digest);
    expect(await queued()).toEqual(counts);
  });

  it("refuses bad queries on a run's trades and candles", async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: [string, z.ZodType, Record<string, string>][] = [
      [`/backtests/${id}`, backtestDetailQuerySchema, { limit: '10', page: '1' }],
      [`/backtests/${id}/candles`, backtestCandlesQuerySchema, { symbol: 'BTC/USDC', limit: '10' }],
    ];
    for (const [path, schema, valid] of routes) {
      await fc.assert(
        fc.asyncProperty(invalidQueries(schema, valid), async (query) => {
          await expectRefusal(await fetch(url(path + queryString(query))), path + queryString(query), 400);
        }),
        { numRuns: RUNS },
      );
    }
    expect((await fetch(url('/health'))).status).toBe(200);
  });
});
