import { afterAll, describe, expect, it } from '@jest/globals';
import { KEY, topics, type AnalysedCandle, type Candle, type Signal } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { silentLevel, testNamespace, TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import { ANALYSED_FIELD, AnalysedCandleAppender, AnalysedCandleStream } from './analysed-candle-stream.js';
import { Bus } from './bus.js';
import { SignalStream } from './signal-stream.js';

/** BUS_SECRET on the real Redis: what a process without the secret puts on the bus is not taken. */
const logger = createLogger('signed-bus-test', silentLevel);
const SECRET = 'the-stack-secret-0123456789abcdef-0123';
const ns = testNamespace('signed');
const open: Bus[] = [];
const busOf = (secret: string | undefined, namespace = ns) => {
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger, secret });
  open.push(bus);
  return bus;
};
const stack = busOf(SECRET);
const receiver = busOf(SECRET);

afterAll(async () => {
  for (const b of open) await b.close();
});

const candle = (i: number, symbol = 'BTC/USDC'): Candle => ({
  symbol,
  interval: '1m',
  startTime: i * 60_000,
  closeTime: i * 60_000 + 59_999,
  open: '28110',
  high: '28120',
  low: '28100',
  close: `2811${i % 10}`,
  volume: '1',
  source: 'replay',
});
const signal = (i: number): Signal => ({
  id: `sig-signed-${i}`,
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  interval: '1m',
  side: 'BUY',
  timestamp: i * 60_000,
  price: '28110',
  metadata: {},
  createdAt: i * 60_000 + 60_000,
});

describe('pub/sub with BUS_SECRET', () => {
  it('delivers signed messages, and drops and counts unsigned, wrongly signed and replayed ones', async () => {
    const got: string[] = [];
    await receiver.subscribe(topics.marketData('BTC/USDC'), (c) => {
      got.push(c.close);
    });
    const channel = receiver.key(topics.marketData('BTC/USDC').channel);
    const before = receiver.signatureRejects;
    // Anyone who can write to Redis, without the secret:
    await stack.redis.publish(channel, JSON.stringify(candle(1)));
    await busOf('another-secret-0123456789abcdef-0123').publish(topics.marketData('BTC/USDC'), candle(2));
    // A signed candle of another channel, copied onto this one:
    const other = stack.key(topics.marketData('BTC/USDT').channel);
    await stack.redis.publish(channel, stack.seal(other, JSON.stringify(candle(3, 'BTC/USDT'))));
    await stack.publish(topics.marketData('BTC/USDC'), candle(4));
    await waitFor(() => got.length === 1, { what: 'the signed candle' });
    await receiver.drain();
    expect(got).toEqual(['28114']);
    expect(receiver.signatureRejects - before).toBe(3);
    expect(receiver.invalidCount).toBe(0);
  });

  it('drops an unsigned signal on analyze:signal, takes the signed copy a signal stream publishes', async () => {
    const seen: string[] = [];
    await receiver.subscribe(topics.signal, (s) => {
      seen.push(s.id);
    });
    const before = receiver.signatureRejects;
    await stack.redis.publish(stack.key(topics.signal.channel), JSON.stringify(signal(1)));
    await new SignalStream(stack, logger).append(signal(2));
    await waitFor(() => seen.length === 1, { what: 'the signed signal' });
    await receiver.drain();
    expect(seen).toEqual(['sig-signed-2']);
    expect(receiver.signatureRejects - before).toBe(1);
  });

  it('a bus without the secret refuses signed messages instead of taking them unchecked', async () => {
    const plain = busOf(undefined);
    const got: Candle[] = [];
    await plain.subscribe(topics.marketData('ETH/USDC'), (c) => {
      got.push(c);
    });
    await stack.publish(topics.marketData('ETH/USDC'), candle(5, 'ETH/USDC'));
    await waitFor(() => plain.signatureRejects === 1, { what: 'the signed candle to be refused' });
    expect(got).toEqual([]);
  });
});

describe('durable streams with BUS_SECRET', () => {
  it('hands on signed entries and acknowledges unsigned and wrongly signed ones without handing them on', async () => {
    const namespace = testNamespace('signed-stream');
    const writer = busOf(SECRET, namespace);
    const reader = busOf(SECRET, namespace);
    const stream = new AnalysedCandleStream(reader, logger);
    const entry = (i: number): AnalysedCandle => ({ candle: candle(i), signals: [signal(i)] });
    await writer.redis.xadd(stream.streamKey, '*', ANALYSED_FIELD, JSON.stringify(entry(1)));
    const forger = busOf('another-secret-0123456789abcdef-0123', namespace);
    await writer.redis.xadd(
      stream.streamKey,
      '*',
      ANALYSED_FIELD,
      forger.seal(stream.streamKey, JSON.stringify(entry(2))),
    );
    // A signed copy from the signal stream, replayed onto the analysed-candle stream:
    const signalKey = writer.key(KEY.signalStream);
    await writer.redis.xadd(stream.streamKey, '*', ANALYSED_FIELD, writer.seal(signalKey, JSON.stringify(entry(3))));
    const appender = new AnalysedCandleAppender(writer, logger, { signalStreamMaxLen: 100 });
    appender.append(entry(4));
    await appender.close();

    const handled: number[] = [];
    stream.start({
      consumer: 'c1',
      blockMs: 50,
      batchHandler: async (batch) => {
        handled.push(...batch.map((b) => b.value.candle.startTime / 60_000));
      },
    });
    try {
      await waitFor(async () => handled.length === 1 && (await stream.lag()).pending === 0, {
        what: 'the signed entry handled and every entry acknowledged',
      });
      expect(handled).toEqual([4]);
      expect(reader.signatureRejects).toBe(3);
      expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });
      // The signal stream's copy is signed for the signal stream.
      const reply = await writer.redis.xrange(signalKey, '-', '+');
      expect(reply).toHaveLength(1);
      expect(writer.verify(signalKey, reply[0]![1][1]!)).toMatchObject({ ok: true });
    } finally {
      await stream.stop();
    }
  });
});
