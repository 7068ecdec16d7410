import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYSED_FIELD, Bus } from '@roottrading/bus';
import { analysedCandleSchema, KEY, topics, type Candle, type Signal } from '@roottrading/contracts';
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
import { startAnalyzer } from './service.js';

/*
 * Strategies on a higher timeframe through the service: the same per-symbol analyzer as the
 * backtester, fed the 1m feed, warmed up in base candles from the candles table.
 */

const logger = createLogger('analyzer', silentLevel);
const FIVE = 5 * MINUTE;
/** A Donchian breakout on 5m bars, with windows small enough for a few hundred minutes. */
const DONCHIAN_5M = {
  STRATEGIES: 'Donchian_Breakout',
  DONCHIAN_TIMEFRAME: '5m',
  DONCHIAN_WINDOW: '6',
  DONCHIAN_EXIT_WINDOW: '4',
};
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});

afterAll(async () => {
  await tdb.drop();
});

/** Starts an analyzer on its own namespace, feeds it `live`, returns the entries it wrote. */
async function runService(symbol: string, strategyEnv: Record<string, string>, live: Candle[]) {
  const namespace = testNamespace('timeframes');
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: tdb.url,
    BUS_NAMESPACE: namespace,
    SYMBOLS: symbol,
    ANALYZER_PORT: '0',
    ...strategyEnv,
  };
  const svc = await startAnalyzer(parseAnalyzerConfig(env), { logger, env });
  try {
    for (const c of live) await bus.publish(topics.marketData(c.symbol), c);
    const key = bus.key(KEY.analysedCandleStream);
    await waitFor(async () => (await bus.redis.xlen(key)) === live.length, { what: 'an entry per candle' });
    const entries = (await bus.redis.xrange(key, '-', '+')).map(([, fields]) =>
      analysedCandleSchema.parse(JSON.parse(fields[fields.indexOf(ANALYSED_FIELD) + 1]!)),
    );
    const health = (await (await fetch(`http://127.0.0.1:${svc.port}/health`)).json()) as {
      details: Record<string, unknown>;
    };
    return { entries, stats: svc.stats(), strategies: svc.strategies, health: health.details };
  } finally {
    await svc.stop();
    await bus.close();
  }
}

/** What decides a trade, not the last float bits of an indicator. */
const decision = (s: Signal) => [s.id, s.strategy, s.side, s.timestamp, Number(s.price)];

function referenceSignals(symbol: string, env: Record<string, string>, candles: Candle[]): Signal[][] {
  const reference = new SymbolAnalyzer(symbol, loadStrategies(env.STRATEGIES!.split(','), env), MINUTE);
  return candles.map((c) => {
    const o = reference.analyze(c, c.closeTime);
    return o.status === 'seen' ? [] : o.signals;
  });
}

describe('strategies on 5m bars in the analyzer service', () => {
  it('signal only with the candle that closes one of their bars, as the symbol analyzer does', async () => {
    const env = {
      ...DONCHIAN_5M,
      STRATEGIES: 'Donchian_Breakout,Supertrend,EMA_Cross',
      SUPERTREND_TIMEFRAME: '5m',
      SUPERTREND_ATR_WINDOW: '5',
      SUPERTREND_MULTIPLIER: '1.5',
      EMA_TIMEFRAME: '5m',
      EMA_FAST: '3',
      EMA_SLOW: '8',
    };
    const candles = replayCandles('BTC/USDT', 1_500);
    const { entries } = await runService('BTC/USDT', env, candles);
    const expected = referenceSignals('BTC/USDT', env, candles);
    expect(entries.map((e) => e.candle.startTime)).toEqual(candles.map((c) => c.startTime));
    expect(entries.map((e) => e.signals.map(decision))).toEqual(expected.map((s) => s.map(decision)));
    const signals = entries.flatMap((e) => e.signals);
    expect(new Set(signals.map((s) => s.strategy))).toEqual(new Set(env.STRATEGIES.split(',')));
    for (const s of signals) {
      expect((s.timestamp + MINUTE) % FIVE).toBe(0);
      expect(s.metadata).toMatchObject({ timeframe: '5m', barStartTime: s.timestamp + MINUTE - FIVE });
    }
  });

  it('warm up on base candles from the table, a partial first bar included, then signal as an unbroken run', async () => {
    const env = DONCHIAN_5M;
    const candles = replayCandles('BTC/USDC', 1_500);
    // The gateway stored the first 1003; the analyzer never ran: it warms up on the newest of them.
    await upsertCandles(tdb.db, candles.slice(0, 1_003).map(candleRowOf));
    const live = candles.slice(1_003);
    const { entries, stats, strategies } = await runService('BTC/USDC', env, live);
    // (6 + 2 + 1) bars of 5 minutes: the oldest candle replayed (the 958th) is mid-bar, so that bar is partial.
    expect(strategies[0]!.warmupCandles).toBe(45);
    expect(stats.warmupCandles).toBe(45);
    const expected = referenceSignals('BTC/USDC', env, candles).slice(1_003);
    expect(expected.flat().length).toBeGreaterThan(3);
    expect(entries.map((e) => e.signals.map(decision))).toEqual(expected.map((s) => s.map(decision)));
  });

  it('with GAP_FILL=flat, fill the minutes missing from the feed and the table before the bars are built', async () => {
    const env = { ...DONCHIAN_5M, GAP_FILL: 'flat' };
    // Five minutes nobody traded in (nor stored): the gateway stores what it publishes, as here.
    const candles = replayCandles('BTC/USD', 1_200).filter((_, i) => i < 500 || i >= 505);
    await upsertCandles(tdb.db, candles.map(candleRowOf));
    const { entries, health } = await runService('BTC/USD', env, candles);
    expect(health.candlesFilled).toBe(5);
    const expected = referenceSignals('BTC/USD', env, candles);
    expect(expected.flat().length).toBeGreaterThan(3);
    expect(entries.map((e) => e.signals.map(decision))).toEqual(expected.map((s) => s.map(decision)));
    // Their ids are not those of the same candles without filling.
    const unfilled = referenceSignals('BTC/USD', { ...env, GAP_FILL: 'none' }, candles).flat();
    expect(entries.flatMap((e) => e.signals.map((s) => s.id)).some((id) => unfilled.some((u) => u.id === id))).toBe(
      false,
    );
  });
});
