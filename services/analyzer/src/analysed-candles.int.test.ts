import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYSED_FIELD, Bus } from '@roottrading/bus';
import { analysedCandleSchema, KEY, topics, type Signal } from '@roottrading/contracts';
import { candleRowOf, upsertCandles } from '@roottrading/db';
import { createLogger } from '@roottrading/logger';
import { SymbolAnalyzer, loadStrategies } from '@roottrading/strategies';
import { MINUTE, replayCandles } from '@roottrading/strategies/test-support';
import {
  TEST_REDIS_URL,
  createTestDatabase,
  silentLevel,
  testNamespace,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import { parseAnalyzerConfig } from './config.js';
import { unanalysedCandles } from './repositories/unanalysed.js';
import { startAnalyzer, type AnalyzerService } from './service.js';

const logger = createLogger('analyzer', silentLevel);
let tdb: TestDatabase;
let bus: Bus;
let svc: AnalyzerService | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase();
});

afterAll(async () => {
  await svc?.stop();
  await bus?.close();
  await tdb.drop();
});

describe('the analysed-candle stream', () => {
  it('holds one entry per analysed candle, in order, with exactly the signals of its close', async () => {
    const namespace = testNamespace('analysed');
    bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url,
      BUS_NAMESPACE: namespace,
      SYMBOLS: 'BTC/USDT',
      ANALYZER_PORT: '0',
    };
    svc = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
    const candles = replayCandles('BTC/USDT', 800);
    const reference = new SymbolAnalyzer(
      'BTC/USDT',
      loadStrategies(
        svc.strategies.map((s) => s.name),
        {},
      ),
      MINUTE,
    );
    const expected = candles.map((c) => {
      const o = reference.analyze(c);
      return { candle: c, signals: o.status === 'seen' ? [] : o.signals };
    });
    expect(expected.filter((e) => e.signals.length > 0).length).toBeGreaterThan(5);

    for (const c of candles) await bus.publish(topics.marketData(c.symbol), c);
    // A candle delivered twice is analysed once: no second entry.
    await bus.publish(topics.marketData('BTC/USDT'), candles.at(-1)!);
    const progress = async () => Number((await bus.redis.get(bus.key(KEY.analyzerProgress))) ?? 0);
    await waitFor(async () => (await progress()) === candles.length + 1, { what: 'every delivery handled' });
    const key = bus.key(KEY.analysedCandleStream);
    await waitFor(async () => (await bus.redis.xlen(key)) === candles.length, { what: 'an entry per candle' });

    const entries = (await bus.redis.xrange(key, '-', '+')).map(([, fields]) =>
      analysedCandleSchema.parse(JSON.parse(fields[fields.indexOf(ANALYSED_FIELD) + 1]!)),
    );
    const strip = (s: Signal) => ({ ...s, createdAt: 0 });
    expect(entries.map((e) => ({ candle: e.candle, signals: e.signals.map(strip) }))).toEqual(
      expected.map((e) => ({ candle: e.candle, signals: e.signals.map(strip) })),
    );
    expect(svc.stats()).toMatchObject({ analysedCandlesAppended: candles.length, analysedCandlesLost: 0 });
  });

  it('resumes after a restart from its last entry: the candles it missed are analysed from the candles table', async () => {
    await svc!.stop();
    svc = undefined;
    const namespace = testNamespace('resume');
    const fresh = new Bus({ url: TEST_REDIS_URL, namespace, logger });
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url,
      BUS_NAMESPACE: namespace,
      SYMBOLS: 'BTC/USDC',
      ANALYZER_PORT: '0',
    };
    const candles = replayCandles('BTC/USDC', 900);
    // The gateway stores every candle it publishes; the analyzer heard only the first 600.
    await upsertCandles(tdb.db, candles.map(candleRowOf));
    let analyzer = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
    try {
      for (const c of candles.slice(0, 600)) await fresh.publish(topics.marketData(c.symbol), c);
      const key = fresh.key(KEY.analysedCandleStream);
      await waitFor(async () => (await fresh.redis.xlen(key)) === 600, { what: 'the first 600 entries' });
      await analyzer.stop();
      expect(await unanalysedCandles(tdb.db, ['BTC/USDC'], '1m')).toEqual({ 'BTC/USDC': 300 });

      analyzer = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
      await waitFor(async () => (await fresh.redis.xlen(key)) === 900, { what: 'the 300 missed entries' });
      const entries = (await fresh.redis.xrange(key, '-', '+')).map(([, fields]) =>
        analysedCandleSchema.parse(JSON.parse(fields[fields.indexOf(ANALYSED_FIELD) + 1]!)),
      );
      const reference = new SymbolAnalyzer(
        'BTC/USDC',
        loadStrategies(
          analyzer.strategies.map((s) => s.name),
          {},
        ),
        MINUTE,
      );
      // The decisions, not the indicators' last float bits: an SMA's running sum carries dust that
      // depends on how long a series it has seen, and a stored price is its decimal value ("23740.0"
      // comes back as "23740").
      const decision = (s: Signal) => [s.id, s.strategy, s.side, s.timestamp, Number(s.price)];
      const expected = candles.map((c) => {
        const o = reference.analyze(c);
        return (o.status === 'seen' ? [] : o.signals).map(decision);
      });
      expect(entries.map((e) => e.candle.startTime)).toEqual(candles.map((c) => c.startTime));
      expect(entries.map((e) => e.signals.map(decision))).toEqual(expected);
      expect(expected.slice(600).flat().length).toBeGreaterThan(0);
      expect(await unanalysedCandles(tdb.db, ['BTC/USDC'], '1m')).toEqual({ 'BTC/USDC': 0 });
    } finally {
      await analyzer.stop();
      await fresh.close();
    }
  });
});
