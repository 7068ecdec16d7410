import { afterAll, describe, expect, it } from '@jest/globals';
import { KEY, type AnalysedCandle, type Signal } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { silentLevel, testNamespace, TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import { AnalysedCandleAppender, AnalysedCandleStream } from './analysed-candle-stream.js';
import { Bus } from './bus.js';

const logger = createLogger('stream-test', silentLevel);
const bus = new Bus({ url: TEST_REDIS_URL, namespace: testNamespace('analysed'), logger });
const stream = new AnalysedCandleStream(bus, logger);

afterAll(async () => {
  await stream.stop();
  await bus.close();
});

const entry = (i: number): AnalysedCandle => ({
  candle: {
    symbol: 'BTC/USDC',
    interval: '1m',
    startTime: i * 60_000,
    closeTime: i * 60_000 + 59_999,
    open: '100',
    high: '101',
    low: '99',
    close: String(100 + i),
    volume: '1',
    source: 'replay',
  },
  signals: [],
});

const signalOf = (e: AnalysedCandle): Signal => ({
  id: 'sig-00000001',
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  interval: '1m',
  side: 'BUY',
  timestamp: e.candle.startTime,
  price: e.candle.close,
  metadata: {},
  createdAt: e.candle.closeTime,
});

describe('the analysed-candle stream', () => {
  it('carries every appended entry to the trader in order; a batch its handler fails is read again, never lost', async () => {
    const appender = new AnalysedCandleAppender(bus, logger);
    for (let i = 0; i < 250; i++) appender.append(entry(i));
    await appender.close();
    expect(appender.appended).toBe(250);

    const handled: number[] = [];
    let failed = false;
    stream.start({
      consumer: 't1',
      blockMs: 50,
      batchHandler: async (batch) => {
        if (!failed && handled.length >= 100) {
          failed = true;
          throw new Error('the commit failed');
        }
        handled.push(...batch.map((b) => b.value.candle.startTime / 60_000));
      },
    });
    await waitFor(() => handled.length === 250, { what: 'every entry handled' });
    await waitFor(async () => (await stream.lag()).pending === 0, { what: 'every entry acknowledged' });
    expect(failed).toBe(true);
    expect(handled).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('stores a batch before writing it (a failed store writes nothing and is tried again) and copies its signals to the signal stream', async () => {
    const own = new Bus({ url: TEST_REDIS_URL, namespace: testNamespace('analysed-store'), logger });
    const stored: number[][] = [];
    const written: [number, number][] = [];
    const appender = new AnalysedCandleAppender(own, logger, {
      retryMs: 10,
      signalStreamMaxLen: 1_000,
      beforeWrite: async (entries) => {
        stored.push(entries.map((e) => e.candle.startTime / 60_000));
        if (stored.length === 1) throw new Error('the database is down');
      },
      onWritten: (entries, signals) => written.push([entries, signals]),
    });
    const withSignal = entry(2);
    const signal = { ...signalOf(withSignal), id: 'sig-stored-2' };
    for (const e of [entry(1), { ...withSignal, signals: [signal] }, entry(3)]) appender.append(e);
    await appender.close();
    expect(stored).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(written).toEqual([[3, 1]]);
    expect([appender.appended, appender.signalsAppended, appender.lost]).toEqual([3, 1, 0]);
    expect(await own.redis.xlen(appender.streamKey)).toBe(3);
    const copies = await own.redis.xrange(own.key(KEY.signalStream), '-', '+');
    expect(copies.map(([, fields]) => JSON.parse(fields[1]!).id)).toEqual(['sig-stored-2']);
    await own.close();
  });

  it('refuses to append an entry whose signal is of another candle', () => {
    const appender = new AnalysedCandleAppender(bus, logger);
    const e = entry(1);
    const signal = { ...signalOf(e), timestamp: 0 };
    expect(() => appender.append({ ...e, signals: [signal] })).toThrow(/every signal must be of the entry's candle/);
  });
});
