import { randomBytes } from 'node:crypto';
import { ANALYSED_FIELD, AnalysedCandleStream, Bus, SignalStream } from '@roottrading/bus';
import { KEY, topics, type AnalysedCandle, type Candle, type Signal } from '@roottrading/contracts';
import { storeAnalysed } from '@roottrading/db';
import { createLogger, type Logger } from '@roottrading/logger';
import {
  createTestDatabase,
  silentLevel,
  TEST_REDIS_URL,
  testNamespace,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import { loadTraderConfig, type TraderConfig } from '../config.js';
import { startTrader, type Trader } from '../service.js';

/**
 * One test file's world: its own database (a copy of the migrated template), its own Redis
 * namespace, and a bus + streams on that namespace to play the analyzer and the gateway. A candle
 * goes out both ways the trader may read it: on the market channel (live mode's feed) and as an
 * analysed-candle entry (the paper engine's only input).
 */
export interface Harness {
  testDb: TestDatabase;
  namespace: string;
  bus: Bus;
  stream: SignalStream;
  /** The analysed-candle stream the paper trader consumes. */
  analysed: AnalysedCandleStream;
  logger: Logger;
  env: Record<string, string>;
  config(over?: Record<string, string>): TraderConfig;
  start(over?: Record<string, string>): Promise<Trader>;
  /** Resolves when the trader's group has every entry delivered and acknowledged. */
  drained(): Promise<void>;
  publishCandle(symbol: string, close: string): Promise<void>;
  /** A candle with its own open time and OHLC (close defaults to the open). */
  publishBar(symbol: string, bar: Bar, opts?: { analyse?: boolean }): Promise<Candle>;
  /** Appends one analysed-candle entry as the analyzer would: its signals stored first, then the entry (signed with the env's BUS_SECRET). */
  appendAnalysed(entry: AnalysedCandle): Promise<void>;
  /** Appends an entry without storing its signals: what anyone who can write to Redis could do. */
  appendUnstored(entry: AnalysedCandle): Promise<void>;
  /**
   * The analyzer's signals at one candle close: an entry whose candle opens at the file's next
   * minute for that symbol (or `bar.startTime`) at the first signal's price (or `bar`'s prices);
   * the signals' timestamps are that candle's.
   */
  sendSignals(signals: readonly Signal[], bar?: Partial<Bar>): Promise<AnalysedCandle>;
  /** The entry `sendSignals` would append, built (the market clock moved on) but not appended. */
  entryOf(signals: readonly Signal[], bar?: Partial<Bar>): AnalysedCandle;
  /** POSTs JSON to a started trader. */
  post(trader: Trader, path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `analysed: false` for live mode, whose trader reads signals and the market channel only: candles
 * then go out on the channel alone, exactly as the gateway publishes them.
 */
export async function createHarness(
  label: string,
  env: Record<string, string> = {},
  opts: { analysed?: boolean } = {},
): Promise<Harness> {
  const testDb = await createTestDatabase();
  const namespace = testNamespace(label);
  const logger = createLogger('trader', silentLevel);
  // The analyzer's and the gateway's bus: it signs when the test gives the trader a BUS_SECRET.
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger, secret: env.BUS_SECRET });
  const stream = new SignalStream(bus, logger);
  const analysed = new AnalysedCandleStream(bus, logger);
  // One market clock for the file: every symbol's next candle opens at the current minute, and a
  // symbol that already has it moves the clock a minute on, so candles stay in order per symbol and
  // symbols published together share their open time (the engine steps T for all before T+1).
  let marketMinute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const lastOpen = new Map<string, number>();
  const nextOpen = (symbol: string, at?: number) => {
    const t = at ?? marketMinute;
    if (at === undefined && (lastOpen.get(symbol) ?? -Infinity) >= t) marketMinute += 60_000;
    const open = at ?? marketMinute;
    lastOpen.set(symbol, Math.max(lastOpen.get(symbol) ?? open, open));
    marketMinute = Math.max(marketMinute, open);
    return open;
  };
  const appendUnstored = async (entry: AnalysedCandle) => {
    await bus.redis.xadd(analysed.streamKey, '*', ANALYSED_FIELD, bus.seal(analysed.streamKey, JSON.stringify(entry)));
  };
  const appendAnalysed = async (entry: AnalysedCandle) => {
    // The analyzer's order: the signals (and the entry, its outbox) are stored before the entry is on the stream.
    await storeAnalysed(testDb.db, [entry]);
    await appendUnstored(entry);
  };
  const analyse = async (c: Candle) => {
    if (opts.analysed !== false) await appendAnalysed({ candle: c, signals: [] });
  };
  const entryOf = (signals: readonly Signal[], bar: Partial<Bar> = {}): AnalysedCandle => {
    // An entry without signals is of the first of SYMBOLS, at `bar.open`.
    const symbol = signals[0]?.symbol ?? (env.SYMBOLS ?? 'BTC/USDC').split(',')[0]!;
    const open = signals[0]?.price ?? bar.open;
    if (open === undefined) throw new Error('entryOf: an entry without signals needs bar.open');
    const startTime = nextOpen(symbol, bar.startTime);
    const c = barCandle(symbol, { open, ...bar, startTime });
    return { candle: c, signals: signals.map((s) => ({ ...s, timestamp: startTime })) };
  };
  const barCandle = (symbol: string, bar: Bar): Candle => ({
    ...candle(symbol, bar.close ?? bar.open, bar.startTime),
    ...(bar.source !== undefined && { source: bar.source }),
    open: bar.open,
    high: bar.high ?? maxOf(bar.open, bar.close ?? bar.open),
    low: bar.low ?? minOf(bar.open, bar.close ?? bar.open),
  });
  const baseEnv: Record<string, string> = {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: testDb.url,
    BUS_NAMESPACE: namespace,
    TRADER_PORT: '0',
    SYMBOLS: 'BTC/USDC',
    INTERVAL: '1m',
    LOG_LEVEL: 'silent',
    // A test publishes one symbol's candle at a time: the others are not waited for long.
    MARKET_WAIT: '250ms',
    // Hand-made candles: days apart, prices picked for the rule under test. The candle checks'
    // own tests (candle-checks.int.test.ts) turn the jump and gap confirmation on.
    CANDLE_MAX_JUMP: '0',
    ...env,
  };
  const config = (over: Record<string, string> = {}) => loadTraderConfig({ ...baseEnv, ...over });
  const started: Trader[] = [];
  return {
    testDb,
    namespace,
    bus,
    stream,
    analysed,
    logger,
    env: baseEnv,
    config,
    start: async (over = {}) => {
      const trader = await startTrader(config(over), { logger });
      started.push(trader);
      return trader;
    },
    drained: async () => {
      // Whichever stream the trader reads (paper: analysed candles; live: signals) has its group.
      const hasGroup = async (key: string) => {
        const groups = (await bus.redis.xinfo('GROUPS', key).catch(() => [])) as unknown[][];
        return groups.some((g) => g[g.indexOf('name') + 1] === KEY.signalGroup);
      };
      await waitFor(
        async () => {
          const read = [
            (await hasGroup(stream.streamKey)) ? stream : undefined,
            (await hasGroup(analysed.streamKey)) ? analysed : undefined,
          ].filter((s) => s !== undefined);
          if (read.length === 0) return false;
          for (const s of read) {
            const lag = await s.lag();
            if (lag.pending !== 0 || lag.undelivered !== 0) return false;
          }
          return true;
        },
        { what: "the trader's stream to be drained" },
      );
    },
    publishCandle: async (symbol, close) => {
      // Live mode's feed takes the candle that just closed by the wall clock.
      const c = opts.analysed === false ? candle(symbol, close) : candle(symbol, close, nextOpen(symbol));
      await bus.publish(topics.marketData(symbol), c);
      await analyse(c);
    },
    publishBar: async (symbol, bar, opts) => {
      nextOpen(symbol, bar.startTime);
      const c = barCandle(symbol, bar);
      await bus.publish(topics.marketData(symbol), c);
      // `analyse: false`: the market channel only, as if the analyzer had stalled.
      if (opts?.analyse !== false) await analyse(c);
      return c;
    },
    appendAnalysed,
    appendUnstored,
    sendSignals: async (signals, bar = {}) => {
      const entry = entryOf(signals, bar);
      await appendAnalysed(entry);
      return entry;
    },
    entryOf,
    post: (trader, path, body) =>
      fetch(`http://127.0.0.1:${trader.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    close: async () => {
      for (const t of started) await t.stop();
      await bus.redis.del(stream.streamKey, analysed.streamKey);
      await bus.close();
      await testDb.drop();
    },
  };
}

export interface Bar {
  startTime: number;
  open: string;
  high?: string;
  low?: string;
  close?: string;
  /** Where the candle says it comes from (default synthetic); live mode trades on `ccxt:binance` only. */
  source?: string;
}

let minute = 0;

/** A signal as the analyzer emits it: a fresh id, a distinct candle time, created now. */
export function makeSignal(over: Partial<Signal> = {}): Signal {
  const timestamp = Date.UTC(2025, 0, 1) + minute++ * 60_000;
  return {
    id: `test-${randomBytes(8).toString('hex')}`,
    strategy: 'RSI_Strategy',
    symbol: 'BTC/USDC',
    interval: '1m',
    side: 'BUY',
    timestamp,
    price: '50000',
    metadata: { rsi: 25 },
    createdAt: Date.now(),
    ...over,
  };
}

export function candle(symbol: string, close: string, startTime = Date.now() - 60_000): Candle {
  return {
    symbol,
    interval: '1m',
    startTime,
    closeTime: startTime + 59_999,
    open: close,
    high: close,
    low: close,
    close,
    volume: '1',
    source: 'synthetic',
  };
}

const maxOf = (a: string, b: string) => (Number(a) >= Number(b) ? a : b);
const minOf = (a: string, b: string) => (Number(a) <= Number(b) ? a : b);

export const plain = (v: string | null) => (v === null ? null : v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
