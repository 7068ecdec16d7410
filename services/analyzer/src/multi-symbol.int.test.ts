import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYSED_FIELD, Bus } from '@roottrading/bus';
import { analysedCandleSchema, KEY, topics, type AnalysedCandle, type Signal } from '@roottrading/contracts';
import { candleRowOf, upsertCandles } from '@roottrading/db';
import { createLogger } from '@roottrading/logger';
import { CrossSectionAnalyzer, SymbolAnalyzer, loadStrategies } from '@roottrading/strategies';
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
import { startAnalyzer } from './service.js';

/*
 * A multi-symbol strategy through the service: each symbol's candles come on its own channel, in
 * whatever interleaving delivery gives, and its signals must still land on the entries of the right
 * symbol at the right time — the same as the pure per-symbol and cross-section code stepped in
 * market order (the backtester's path) — across a restart too.
 */

const logger = createLogger('analyzer', silentLevel);
const SYMBOLS = ['BTC/USDC', 'BTC/USDT'];
const STRATEGY_ENV = {
  STRATEGIES: 'RSI_Strategy,Cross_Pair_Swing',
  RSI_WINDOW: '5',
  CROSS_SWING_RSI_WINDOW: '5',
  CROSS_SWING_FLAT_BARS: '10',
  CROSS_SWING_FLAT_PCT: '0.2',
};
const COUNT = 700;
const candles = SYMBOLS.map((s) => replayCandles(s, COUNT));
/** Market order: every symbol at T before anything at T + 1. */
const marketOrder = candles[0]!.flatMap((c, i) => [c, candles[1]![i]!]);
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});

afterAll(async () => {
  await tdb.drop();
});

/** The decisions of each candle's entry, per symbol, as the pure code gives them. */
function reference(): Map<string, unknown[][]> {
  const strategies = loadStrategies(STRATEGY_ENV.STRATEGIES.split(','), STRATEGY_ENV);
  const analyzers = new Map(SYMBOLS.map((s) => [s, new SymbolAnalyzer(s, strategies, MINUTE)]));
  const cross = new CrossSectionAnalyzer(SYMBOLS, strategies, MINUTE);
  const out: AnalysedCandle[] = [];
  for (const c of marketOrder) {
    const o = analyzers.get(c.symbol)!.analyze(c);
    out.push(...cross.push({ candle: c, signals: o.status === 'seen' ? [] : o.signals }));
  }
  return bySymbol(out);
}

/** What decides a trade, not the last float bits of an indicator (or when it was created). */
const decision = (s: Signal) => [s.id, s.strategy, s.side, s.timestamp, Number(s.price)];
function bySymbol(entries: AnalysedCandle[]): Map<string, unknown[][]> {
  return new Map(
    SYMBOLS.map((s) => [s, entries.filter((e) => e.candle.symbol === s).map((e) => e.signals.map(decision))]),
  );
}

async function entriesOf(bus: Bus): Promise<AnalysedCandle[]> {
  return (await bus.redis.xrange(bus.key(KEY.analysedCandleStream), '-', '+')).map(([, fields]) =>
    analysedCandleSchema.parse(JSON.parse(fields[fields.indexOf(ANALYSED_FIELD) + 1]!)),
  );
}

describe('a multi-symbol strategy in the analyzer', () => {
  it('puts its signals on the right symbols’ entries, whatever the delivery order, and again after a restart', async () => {
    const expected = reference();
    const swing = (symbol: string, from: number, to: number) =>
      expected
        .get(symbol)!
        .slice(from, to)
        .flat()
        .filter((d) => (d as unknown[])[1] === 'Cross_Pair_Swing').length;
    // The example pair: BTC/USDT traded when BTC/USDC is flat; signals before and after the restart.
    expect(swing('BTC/USDT', 0, 400)).toBeGreaterThan(0);
    expect(swing('BTC/USDT', 400, COUNT)).toBeGreaterThan(0);
    expect(swing('BTC/USDC', 0, COUNT)).toBe(0);

    const namespace = testNamespace('multisym');
    const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url,
      BUS_NAMESPACE: namespace,
      SYMBOLS: SYMBOLS.join(','),
      ANALYZER_PORT: '0',
      ...STRATEGY_ENV,
    };
    const key = bus.key(KEY.analysedCandleStream);
    let svc = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
    try {
      // Out of market order on purpose: BTC/USDT runs 50 minutes ahead, then BTC/USDC catches up.
      const [usdc, usdt] = candles.map((c) => c.slice(0, 400));
      for (let i = 0; i < 400; i += 50) {
        for (const c of usdt!.slice(i, i + 50)) await bus.publish(topics.marketData(c.symbol), c);
        for (const c of usdc!.slice(i, i + 50)) await bus.publish(topics.marketData(c.symbol), c);
      }
      await waitFor(async () => (await bus.redis.xlen(key)) === 800, { what: 'the first 400 minutes of both' });
      await svc.stop();
      // The gateway stored every candle, the analyzer heard only the first 400 minutes.
      await upsertCandles(tdb.db, marketOrder.map(candleRowOf));
      svc = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
      await waitFor(async () => (await bus.redis.xlen(key)) === 2 * COUNT, { what: 'the minutes missed, caught up' });
      const entries = await entriesOf(bus);
      for (const s of SYMBOLS) {
        expect(entries.filter((e) => e.candle.symbol === s).map((e) => e.candle.startTime)).toEqual(
          candles[SYMBOLS.indexOf(s)]!.map((c) => c.startTime),
        );
      }
      expect(bySymbol(entries)).toEqual(expected);
    } finally {
      await svc.stop();
      await bus.close();
    }
  });
});
