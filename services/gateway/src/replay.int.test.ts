import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { topics, type Candle } from '@roottrading/contracts';
import { MARKET_DATA_DIR, testNamespace, TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import { Bus } from '@roottrading/bus';
import { AnalyzerDouble, logger, startTestGateway, type TestGateway } from './test-harness.js';

const FILES = {
  'BTC/USDC': 'binanceus_BTCUSDC_1m_2023-03-01_2023-03-21.csv',
  'BTC/USDT': 'binanceus_BTCUSDT_1m_2023-03-01_2023-03-21.csv',
} as const;
const ROWS = 30_240;
const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);

/** Each symbol's candles arrive exactly once, one minute apart, from the first to the last minute. */
function expectEveryMinuteOnce(candles: Candle[], count: number): void {
  expect(candles).toHaveLength(count);
  candles.forEach((c, i) => {
    expect(c.startTime).toBe(T0 + i * MIN);
  });
}

describe('replay of the real BTC/USDC and BTC/USDT files at max speed', () => {
  let gw: TestGateway;
  let analyzer: AnalyzerDouble;

  beforeAll(async () => {
    const namespace = testNamespace('gw-replay');
    analyzer = new AnalyzerDouble(namespace);
    await analyzer.subscribe(Object.keys(FILES));
    gw = await startTestGateway(
      {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: MARKET_DATA_DIR,
        SYMBOLS: 'BTC/USDC,BTC/USDT',
        INTERVAL: '1m',
        MARKET_SPEED: 'max',
      },
      namespace,
    );
  });

  afterAll(async () => {
    await gw?.close();
    await analyzer?.close();
  });

  it('delivers every candle exactly once, in order, stores them all and reports the replay done', async () => {
    // About 25 s alone; far longer when the end-to-end replays run beside it on two cores.
    await waitFor(async () => ((await gw.health()).body.details.replay as { done: boolean }).done, {
      timeoutMs: 240_000,
      intervalMs: 200,
      what: 'the replay to finish',
    });
    await waitFor(() => analyzer.received.length === 2 * ROWS, { timeoutMs: 10_000, what: 'every candle received' });
    await analyzer.bus.drain();

    for (const symbol of Object.keys(FILES)) expectEveryMinuteOnce(analyzer.of(symbol), ROWS);
    const firstUsdc = analyzer.of('BTC/USDC')[0];
    expect(firstUsdc).toEqual({
      symbol: 'BTC/USDC',
      interval: '1m',
      startTime: T0,
      closeTime: T0 + MIN - 1,
      open: '23143.82',
      high: '23152.65',
      low: '23140.02',
      close: '23152.65',
      volume: '0.26395',
      source: 'replay',
    });
    const lastLine = readFileSync(join(MARKET_DATA_DIR, FILES['BTC/USDT']), 'utf8').trim().split('\n').at(-1)!;
    expect(analyzer.of('BTC/USDT').at(-1)!.close).toBe(lastLine.split(',')[4]);

    await waitFor(() => gw.svc.status().candlesStored === 2 * ROWS, { timeoutMs: 10_000, what: 'all candles stored' });
    const rows = await gw.tdb.db
      .selectFrom('candles')
      .select([
        'symbol',
        sql<string>`count(*)`.as('n'),
        sql<Date>`min(open_time)`.as('first'),
        sql<Date>`max(open_time)`.as('last'),
      ])
      .where('source', '=', 'replay')
      .groupBy('symbol')
      .orderBy('symbol')
      .execute();
    expect(rows.map((r) => [r.symbol, Number(r.n), r.first.getTime(), r.last.getTime()])).toEqual([
      ['BTC/USDC', ROWS, T0, T0 + (ROWS - 1) * MIN],
      ['BTC/USDT', ROWS, T0, T0 + (ROWS - 1) * MIN],
    ]);
    const stored = await gw.tdb.db
      .selectFrom('candles')
      .selectAll()
      .where('symbol', '=', 'BTC/USDC')
      .where('open_time', '=', new Date(T0))
      .executeTakeFirstOrThrow();
    expect(Number(stored.open)).toBe(23143.82);
    expect(stored.close_time.getTime()).toBe(T0 + MIN - 1);

    const { status, body } = await gw.health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ service: 'gateway', status: 'up', redis: 'up', postgres: 'up' });
    expect(body.details).toMatchObject({
      source: 'replay',
      symbols: ['BTC/USDC', 'BTC/USDT'],
      interval: '1m',
      speed: 'max',
      feed: { state: 'finished', lastCandleAt: new Date(T0 + (ROWS - 1) * MIN).toISOString() },
      replay: { done: true, published: 2 * ROWS, total: 2 * ROWS },
      published: 2 * ROWS,
      candlesStored: 2 * ROWS,
    });
  }, 270_000);
});

describe('replay at max speed with a slow analyzer', () => {
  const MAX_LAG = 20;
  const N = 300;
  let gw: TestGateway | undefined;
  let analyzer: AnalyzerDouble;
  let counter: Bus;
  let dir: string;

  beforeAll(async () => {
    // A slice of the real files, written to a temporary directory.
    dir = mkdtempSync(join(tmpdir(), 'rt-gw-slow-'));
    for (const file of Object.values(FILES)) {
      const lines = readFileSync(join(MARKET_DATA_DIR, file), 'utf8').split('\n');
      writeFileSync(join(dir, file), lines.slice(0, N + 1).join('\n'));
    }
  });

  afterAll(async () => {
    await gw?.close();
    await analyzer?.close();
    await counter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the replay to MAX_LAG candles ahead of the analyzer and drops nothing', async () => {
    const namespace = testNamespace('gw-slow');
    analyzer = new AnalyzerDouble(namespace, 2);
    await analyzer.subscribe(Object.keys(FILES));
    // A second, raw subscriber counts arrivals: arrivals − handled is what Redis holds for the analyzer.
    counter = new Bus({ url: TEST_REDIS_URL, namespace, logger });
    let arrived = 0;
    let maxOutstanding = 0;
    const raw = counter.redis.duplicate();
    raw.on('message', () => {
      arrived++;
      maxOutstanding = Math.max(maxOutstanding, arrived - analyzer.received.length);
    });
    await raw.subscribe(...Object.keys(FILES).map((s) => counter.key(topics.marketData(s).channel)));

    gw = await startTestGateway(
      {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: dir,
        SYMBOLS: 'BTC/USDC,BTC/USDT',
        MARKET_SPEED: 'max',
        MAX_LAG: String(MAX_LAG),
      },
      namespace,
    );
    await waitFor(() => analyzer.received.length === 2 * N, { timeoutMs: 20_000, what: 'every candle handled' });
    raw.disconnect();

    for (const symbol of Object.keys(FILES)) expectEveryMinuteOnce(analyzer.of(symbol), N);
    expect(arrived).toBe(2 * N);
    expect(maxOutstanding).toBeLessThanOrEqual(MAX_LAG);
    await waitFor(async () => ((await gw!.health()).body.details.replay as { done: boolean }).done, { what: 'done' });
    expect(gw.svc.status().analyzerLag).toBeLessThanOrEqual(MAX_LAG);
  }, 30_000);
});
