import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYSED_FIELD, Bus } from '@roottrading/bus';
import { KEY, signalSchema, topics, type Candle, type Signal } from '@roottrading/contracts';
import { candleRowOf, upsertCandles } from '@roottrading/db';
import { createLogger } from '@roottrading/logger';
import { SymbolAnalyzer, loadStrategies } from '@roottrading/strategies';
import { MINUTE, T0, candleAt, replayCandles } from '@roottrading/strategies/test-support';
import {
  TEST_REDIS_URL,
  createTestDatabase,
  silentLevel,
  testNamespace,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import { parseAnalyzerConfig } from './config.js';
import { startAnalyzer, type AnalyzerService } from './service.js';

const logger = createLogger('analyzer', silentLevel);

let tdb: TestDatabase;
const buses: Bus[] = [];
const services: AnalyzerService[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await Promise.all(buses.map((b) => b.close()));
  await tdb.drop();
});

/** A namespace of its own for one test: our bus in it (signing with `secret`), collecting what the analyzer publishes. */
async function harness(label: string, secret?: string) {
  const namespace = testNamespace(label);
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger, secret });
  buses.push(bus);
  const published: Signal[] = [];
  await bus.subscribe(topics.signal, (s) => {
    published.push(s);
  });
  const env = (extra: Record<string, string> = {}) => ({
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: tdb.url,
    BUS_NAMESPACE: namespace,
    SYMBOLS: 'BTC/USDC,BTC/USDT',
    ANALYZER_PORT: '0',
    ...(secret ? { BUS_SECRET: secret } : {}),
    ...extra,
  });
  return {
    bus,
    published,
    async start(extra: Record<string, string> = {}) {
      const e = env(extra);
      const svc = await startAnalyzer(parseAnalyzerConfig(e), { logger, env: e });
      services.push(svc);
      return svc;
    },
    publish: (candle: Candle) => bus.publish(topics.marketData(candle.symbol), candle),
    progress: async () => Number((await bus.redis.get(bus.key(KEY.analyzerProgress))) ?? 0),
    async streamed(): Promise<Signal[]> {
      const entries = await bus.redis.xrange(bus.key(KEY.signalStream), '-', '+');
      return entries.map(([, fields]) => signalSchema.parse(JSON.parse(fields[fields.indexOf('signal') + 1]!)));
    },
  };
}

async function storedIds(symbol: string): Promise<string[]> {
  const rows = await tdb.db
    .selectFrom('signals')
    .select(['id', 'candle_time', 'strategy'])
    .where('symbol', '=', symbol)
    .orderBy('candle_time')
    .execute();
  return rows.map((r) => r.id);
}

describe('analyzer service', () => {
  it('turns real candles into stored, streamed and published signals, and counts its progress', async () => {
    const h = await harness('flow');
    const svc = await h.start();
    const candles = replayCandles('BTC/USDT', 1_500);

    // What the strategies decide on these candles, computed in-process for comparison.
    const reference = new SymbolAnalyzer(
      'BTC/USDT',
      loadStrategies(
        svc.strategies.map((s) => s.name),
        {},
      ),
      MINUTE,
    );
    const expected = candles.flatMap((c) => {
      const o = reference.analyze(c);
      return o.status === 'seen' ? [] : o.signals;
    });
    expect(expected.length).toBeGreaterThan(20);

    for (const c of candles) await h.publish(c);
    await waitFor(async () => (await h.progress()) === candles.length, { what: 'progress to reach 1500' });
    await waitFor(() => h.published.length === expected.length, { what: 'every signal on pub/sub' });

    const strip = (s: Signal) => ({ ...s, createdAt: 0 });
    const streamed = await h.streamed();
    // The stream and the channel carry them in candle order, exactly what the strategies decided.
    expect(streamed.map(strip)).toEqual(expected.map(strip));
    expect(h.published.map(strip)).toEqual(expected.map(strip));
    expect(await storedIds('BTC/USDT')).toEqual(expect.arrayContaining(expected.map((s) => s.id)));
    expect(new Set(await storedIds('BTC/USDT')).size).toBe(expected.length);

    const first = expected[0]!;
    const row = await tdb.db.selectFrom('signals').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ strategy: first.strategy, symbol: 'BTC/USDT', interval: '1m', side: first.side });
    expect(new Date(row.candle_time).getTime()).toBe(first.timestamp);
    expect(Number(row.price)).toBe(Number(first.price));
    expect(row.metadata).toEqual(first.metadata);

    const stats = svc.stats();
    expect(stats.candlesProcessed).toBe(candles.length);
    expect(stats.signalsEmitted).toBe(expected.length);
    expect(stats.lastCandleAt['BTC/USDT']).toBe(candles.at(-1)!.startTime);
  });

  it('drops an invalid candle message and keeps working', async () => {
    const h = await harness('invalid');
    const svc = await h.start({ STRATEGIES: 'RSI_Strategy', RSI_WINDOW: '2' });
    const channel = h.bus.key(topics.marketData('BTC/USDC').channel);
    await h.bus.redis.publish(channel, 'not json');
    await h.bus.redis.publish(channel, JSON.stringify({ ...candleAt(0, 10), close: 'ten' }));
    // Valid, but of another interval than INTERVAL: ignored (and still counted for the gateway).
    await h.publish({ ...candleAt(0, 10), interval: '5m', closeTime: T0 + 5 * MINUTE - 1 });
    for (const [i, c] of [10, 9, 8, 7, 8].entries()) await h.publish(candleAt(i, c));

    await waitFor(async () => (await h.progress()) === 6, { what: 'the six valid candles' });
    await waitFor(() => h.published.length === 1, { what: 'the RSI signal' });
    expect(h.published[0]).toMatchObject({ strategy: 'RSI_Strategy', side: 'BUY', timestamp: T0 + 4 * MINUTE });

    const health = (await (await fetch(`http://127.0.0.1:${svc.port}/health`)).json()) as {
      details: { invalidMessages: number; candlesProcessed: number; candlesIgnored: number };
    };
    expect(health.details).toMatchObject({ invalidMessages: 2, candlesProcessed: 5, candlesIgnored: 1 });
  });

  it('fails to start, releasing what it opened, when the stored candles cannot be read', async () => {
    const h = await harness('nodb');
    const e = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url.replace(tdb.name, 'rt_no_such_database'),
      BUS_NAMESPACE: h.bus.namespace,
      ANALYZER_PORT: '0',
    };
    await expect(startAnalyzer(parseAnalyzerConfig(e), { logger, env: e })).rejects.toThrow(/rt_no_such_database/);
  });

  describe('restarts', () => {
    // Prices from 8 to 20 in a minute make the crossing obvious; the jump check is not what is tested here.
    const SMA_ENV = { STRATEGIES: 'SimpleMA_Cross', SHORT_WINDOW: '2', LONG_WINDOW: '3', CANDLE_MAX_JUMP: '0' };
    const START = T0 + 1_000 * MINUTE;
    let h: Awaited<ReturnType<typeof harness>>;
    let firstId: string;

    beforeAll(async () => {
      h = await harness('restart');
      // History only the warm-up can know: short SMA 8.5 below long SMA 9 on the last stored candle.
      await upsertCandles(
        tdb.db,
        [10, 10, 10, 9, 8].map((close, i) => candleRowOf(candleAt(i, close, 'BTC/USDC', START))),
      );
    });

    it('warms up from stored candles, so the next live candle can signal at once', async () => {
      const svc = await h.start(SMA_ENV);
      // longest window + 1 = 4 candles: [10, 10, 9, 8]
      expect(svc.strategies[0]!.warmupCandles).toBe(4);
      expect(svc.stats().warmupCandles).toBe(4);
      // Already stored (and so already handled): ignored, but counted for the gateway.
      await h.publish(candleAt(4, 8, 'BTC/USDC', START));
      await h.publish(candleAt(5, 20, 'BTC/USDC', START));
      await waitFor(async () => (await h.progress()) === 2, { what: 'both candles counted' });
      await waitFor(() => h.published.length === 1, { what: 'the crossing signal' });
      const [signal] = h.published;
      expect(signal).toMatchObject({
        strategy: 'SimpleMA_Cross',
        side: 'BUY',
        timestamp: START + 5 * MINUTE,
        price: '20',
        metadata: { shortSma: 14, longSma: 37 / 3, previousShortSma: 8.5, previousLongSma: 9, shortWindow: 2 },
      });
      expect(svc.stats()).toMatchObject({ candlesProcessed: 1, candlesSkipped: 1 });
      firstId = signal!.id;
      await svc.stop();
    });

    it('gives the same signal id when a restart analyses the same candle again', async () => {
      const svc = await h.start(SMA_ENV);
      await h.publish(candleAt(5, 20, 'BTC/USDC', START));
      await waitFor(() => h.published.length === 2, { what: 'the re-emitted signal' });
      expect(h.published[1]!.id).toBe(firstId);
      expect((await h.streamed()).map((s) => s.id)).toEqual([firstId, firstId]);
      const rows = await tdb.db.selectFrom('signals').select(['id', 'emitted_at']).where('id', '=', firstId).execute();
      expect(rows).toHaveLength(1);
      // The row holds what the new entry carries, so the trader takes that entry as the analyzer's.
      expect(rows[0]!.emitted_at.getTime()).toBe(h.published[1]!.createdAt);
      await svc.stop();
    });
  });

  describe('with BUS_SECRET', () => {
    const SECRET = 'analyzer-test-bus-secret-0123456789abcdef';
    const AT = T0 + 9_000 * MINUTE;
    const RSI = { STRATEGIES: 'RSI_Strategy', RSI_WINDOW: '2' };
    let h: Awaited<ReturnType<typeof harness>>;
    let svc: AnalyzerService;

    it('analyses signed candles only: unsigned and wrongly signed ones are dropped and counted; what it writes is signed', async () => {
      // A symbol with no stored candles: the warm-up leaves its RSI fresh.
      h = await harness('signed', SECRET);
      svc = await h.start(RSI);
      const channel = h.bus.key(topics.marketData('BTC/USDT').channel);
      // What a process without the secret can put on the channel: a plain candle, one signed with another secret.
      await h.bus.redis.publish(channel, JSON.stringify(candleAt(0, 10, 'BTC/USDT', AT)));
      const forger = new Bus({ url: TEST_REDIS_URL, namespace: h.bus.namespace, logger, secret: `not-${SECRET}` });
      buses.push(forger);
      await forger.publish(topics.marketData('BTC/USDT'), candleAt(1, 9, 'BTC/USDT', AT));
      for (const [i, c] of [10, 9, 8, 7, 8].entries()) await h.publish(candleAt(i, c, 'BTC/USDT', AT));

      await waitFor(async () => (await h.progress()) === 5, { what: 'the five signed candles' });
      await waitFor(() => h.published.length === 1, { what: 'the signed pub/sub copy of the RSI signal' });
      const health = (await (await fetch(`http://127.0.0.1:${svc.port}/health`)).json()) as {
        details: { signatureRejects: number; invalidMessages: number; candlesProcessed: number };
      };
      expect(health.details).toMatchObject({ signatureRejects: 2, invalidMessages: 0, candlesProcessed: 5 });
      expect(JSON.stringify(health)).not.toContain(SECRET);

      // Every entry and signal copy it wrote is signed for the stream it is on.
      for (const key of [KEY.analysedCandleStream, KEY.signalStream]) {
        const entries = await h.bus.redis.xrange(h.bus.key(key), '-', '+');
        expect(entries.length).toBeGreaterThan(0);
        for (const [, fields] of entries) expect(h.bus.verify(h.bus.key(key), fields[1]!)).toMatchObject({ ok: true });
      }
      expect(h.bus.signatureRejects).toBe(0);
    });

    it('resumes after a restart from its own last signed entry, never from one a forger appended', async () => {
      await svc.stop();
      // What the gateway stored: the five candles analysed, and two more the analyzer missed.
      const closes = [10, 9, 8, 7, 8, 9, 10];
      await upsertCandles(
        tdb.db,
        closes.map((c, i) => candleRowOf(candleAt(i, c, 'BTC/USDT', AT))),
      );
      // An unsigned entry claiming the first missed candle was analysed already.
      const forged = { candle: candleAt(5, 9, 'BTC/USDT', AT), signals: [] };
      await h.bus.redis.xadd(h.bus.key(KEY.analysedCandleStream), '*', ANALYSED_FIELD, JSON.stringify(forged));

      const again = await h.start(RSI);
      const health = (await (await fetch(`http://127.0.0.1:${again.port}/health`)).json()) as {
        details: { signatureRejects: number; candlesCaughtUp: number };
      };
      // Both missed candles analysed: it resumed after candle 4, the last entry it signed.
      expect(health.details).toMatchObject({ candlesCaughtUp: 2, signatureRejects: 1 });
      expect(again.stats().lastCandleAt['BTC/USDT']).toBe(AT + 6 * MINUTE);
    });
  });

  describe('HTTP', () => {
    let base: string;

    beforeAll(async () => {
      const h = await harness('http');
      // Symbols of its own: the database is shared with the tests above.
      const svc = await h.start({
        SYMBOLS: 'ETH/USDC,ETH/USDT',
        STRATEGIES: 'Bollinger_Bands,RSI_Strategy',
        RSI_WINDOW: '2',
      });
      base = `http://127.0.0.1:${svc.port}`;
      for (const [i, c] of [10, 9, 8, 7, 8].entries()) await h.publish(candleAt(i, c, 'ETH/USDT', T0 + 5_000 * MINUTE));
      await waitFor(() => h.published.length === 1, { what: 'a signal to list' });
    });

    const get = async (path: string) => {
      const res = await fetch(base + path);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('reports health with strategies, symbols, counters and the last candle per symbol', async () => {
      const { status, body } = await get('/health');
      expect(status).toBe(200);
      expect(body).toMatchObject({ service: 'analyzer', status: 'up', redis: 'up', postgres: 'up' });
      expect(body.details).toMatchObject({
        strategies: [
          { name: 'Bollinger_Bands', params: { window: 20, stdMultiplier: 2 } },
          { name: 'RSI_Strategy', params: { window: 2, overbought: 70, oversold: 30 } },
        ],
        symbols: ['ETH/USDC', 'ETH/USDT'],
        interval: '1m',
        candlesProcessed: 5,
        signalsEmitted: 1,
        lastCandleAt: { 'ETH/USDC': null, 'ETH/USDT': new Date(T0 + 5_004 * MINUTE).toISOString() },
      });
    });

    it('lists the loaded strategies with their parameters', async () => {
      const { body } = await get('/strategies');
      expect(body.strategies).toEqual([
        expect.objectContaining({ name: 'Bollinger_Bands', params: { window: 20, stdMultiplier: 2 } }),
        expect.objectContaining({ name: 'RSI_Strategy', params: { window: 2, overbought: 70, oversold: 30 } }),
      ]);
    });

    it('lists stored signals, filtered by symbol (compact form accepted)', async () => {
      const { status, body } = await get('/signals?symbol=ETHUSDT&strategy=rsi_strategy&limit=10');
      expect(status).toBe(200);
      expect(body.signals).toEqual([
        expect.objectContaining({
          strategy: 'RSI_Strategy',
          symbol: 'ETH/USDT',
          side: 'BUY',
          price: '8',
          timestamp: new Date(T0 + 5_004 * MINUTE).toISOString(),
          metadata: expect.objectContaining({ rsi: 50 }),
        }),
      ]);
    });

    it.each([
      ['/signals?limit=0', 'limit'],
      ['/signals?limit=abc', 'limit'],
      ['/signals?symbol=BTCUSDC', 'symbol'],
      ['/signals?strategy=MACD', 'strategy'],
      ['/signals?sort=asc', 'sort'],
    ])('answers 400 naming the field for %s', async (path, field) => {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body.details).toEqual([expect.objectContaining({ field })]);
    });
  });
});
