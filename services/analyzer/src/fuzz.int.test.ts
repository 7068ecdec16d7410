import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Bus } from '@roottrading/bus';
import { candleSchema, topics, type Candle } from '@roottrading/contracts';
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
import { parseAnalyzerConfig } from './config.js';
import { signalsQuerySchema } from './http-routes.js';
import { startAnalyzer, type AnalyzerService } from './service.js';

/**
 * The analyzer under generated bad input: candles on its market channels that their schema refuses
 * are dropped and counted, nothing is stored, and it goes on analysing; bad `GET /signals` queries
 * are a 400 naming the field.
 */
const RUNS = 60;
const logger = createLogger('analyzer', silentLevel);
let tdb: TestDatabase;
let bus: Bus;
let svc: AnalyzerService;
const url = (path: string) => `http://127.0.0.1:${svc.port}${path}`;
const health = async () =>
  ((await (await fetch(url('/health'))).json()) as { details: { invalidMessages: number } }).details;

const valid: Candle = {
  symbol: 'BTC/USDC',
  interval: '1m',
  startTime: Date.UTC(2025, 0, 1),
  closeTime: Date.UTC(2025, 0, 1) + 59_999,
  open: '50000',
  high: '50100',
  low: '49900',
  close: '50050',
  volume: '1.5',
  source: 'synthetic',
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  const namespace = testNamespace('analyzer-fuzz');
  bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: tdb.url,
    BUS_NAMESPACE: namespace,
    SYMBOLS: 'BTC/USDC',
    ANALYZER_PORT: '0',
  };
  svc = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
});

afterAll(async () => {
  await svc?.stop();
  await bus?.close();
  await tdb?.drop();
});

describe('the analyzer under generated bad input', () => {
  it('drops candles their schema refuses: counted, nothing stored, and still analyses a good one', async () => {
    const before = await databaseDigest(tdb.db);
    const counted = (await health()).invalidMessages;
    const channel = bus.key(topics.marketData('BTC/USDC').channel);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(invalidInputs(candleSchema, { ...valid }), async (candle) => {
        await bus.redis.publish(channel, JSON.stringify(candle));
        sent++;
      }),
      { numRuns: RUNS },
    );
    await bus.redis.publish(channel, '{"symbol": ');
    await waitFor(async () => ((await health()).invalidMessages - counted === sent + 1 ? true : undefined), {
      what: 'every bad candle counted',
    });
    expect(await databaseDigest(tdb.db)).toEqual(before);
    const res = await fetch(url('/health'));
    expect(res.status).toBe(200);

    // Still analysing: the next good candle goes out as an analysed entry.
    await bus.publish(topics.marketData('BTC/USDC'), valid);
    await waitFor(async () => await tdb.db.selectFrom('analysed_candles').select('open_time').executeTakeFirst(), {
      what: 'the good candle analysed',
    });
  });

  it('refuses bad GET /signals queries with a 400 naming the problem', async () => {
    const schema = signalsQuerySchema(
      ['BTC/USDC'],
      svc.strategies.map((s) => s.name),
    );
    await fc.assert(
      fc.asyncProperty(invalidQueries(schema, { limit: '10', symbol: 'BTC/USDC' }), async (query) => {
        await expectRefusal(await fetch(url(`/signals${queryString(query)}`)), `/signals${queryString(query)}`, 400);
      }),
      { numRuns: RUNS },
    );
  });
});
