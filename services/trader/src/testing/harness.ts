import { randomBytes } from 'node:crypto';
import { Bus, SignalStream } from '@roottrading/bus';
import { KEY, topics, type Candle, type Signal } from '@roottrading/contracts';
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
 * namespace, and a bus + signal stream on that namespace to play the analyzer and the gateway.
 */
export interface Harness {
  testDb: TestDatabase;
  namespace: string;
  bus: Bus;
  stream: SignalStream;
  logger: Logger;
  env: Record<string, string>;
  config(over?: Record<string, string>): TraderConfig;
  start(over?: Record<string, string>): Promise<Trader>;
  /** Resolves when the trader's group has every entry delivered and acknowledged. */
  drained(): Promise<void>;
  publishCandle(symbol: string, close: string): Promise<void>;
  /** A candle with its own open time and OHLC (close defaults to the open). */
  publishBar(symbol: string, bar: Bar): Promise<void>;
  /** POSTs JSON to a started trader. */
  post(trader: Trader, path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function createHarness(label: string, env: Record<string, string> = {}): Promise<Harness> {
  const testDb = await createTestDatabase();
  const namespace = testNamespace(label);
  const logger = createLogger('trader', silentLevel);
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
  const stream = new SignalStream(bus, logger);
  const baseEnv: Record<string, string> = {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: testDb.url,
    BUS_NAMESPACE: namespace,
    TRADER_PORT: '0',
    SYMBOLS: 'BTC/USDC',
    INTERVAL: '1m',
    LOG_LEVEL: 'silent',
    ...env,
  };
  const config = (over: Record<string, string> = {}) => loadTraderConfig({ ...baseEnv, ...over });
  const started: Trader[] = [];
  return {
    testDb,
    namespace,
    bus,
    stream,
    logger,
    env: baseEnv,
    config,
    start: async (over = {}) => {
      const trader = await startTrader(config(over), { logger });
      started.push(trader);
      return trader;
    },
    drained: async () => {
      await waitFor(
        async () => {
          const groups = (await bus.redis.xinfo('GROUPS', stream.streamKey)) as unknown[][];
          if (!groups.some((g) => g[g.indexOf('name') + 1] === KEY.signalGroup)) return false;
          const lag = await stream.lag();
          return lag.pending === 0 && lag.undelivered === 0;
        },
        { what: 'the signal stream to be drained' },
      );
    },
    publishCandle: async (symbol, close) => {
      await bus.publish(topics.marketData(symbol), candle(symbol, close));
    },
    publishBar: async (symbol, bar) => {
      await bus.publish(topics.marketData(symbol), {
        ...candle(symbol, bar.close ?? bar.open, bar.startTime),
        ...(bar.source !== undefined && { source: bar.source }),
        open: bar.open,
        high: bar.high ?? bar.open,
        low: bar.low ?? bar.open,
      });
    },
    post: (trader, path, body) =>
      fetch(`http://127.0.0.1:${trader.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    close: async () => {
      for (const t of started) await t.stop();
      await bus.redis.del(stream.streamKey);
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

export const plain = (v: string | null) => (v === null ? null : v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
