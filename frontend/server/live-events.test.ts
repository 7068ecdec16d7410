import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@roottrading/bus';
import { parseEnv } from '@roottrading/config';
import { topics, type Candle, type Signal } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { testNamespace, TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import { startWebServer, type WebServer } from './app.js';
import { frontendEnvSchema } from './config.js';

const logger = createLogger('frontend', 'silent');
const THROTTLE_MS = 200;

interface Received {
  event: string;
  data: unknown;
  at: number;
}

/** Reads a text/event-stream with fetch and keeps every event it carries, with its arrival time. */
function openStream(url: string) {
  const events: Received[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now() });
      }
    }
  })().catch(() => undefined);
  return { events, close: async () => (controller.abort(), await done) };
}

const candle = (i: number, symbol = 'BTC/USDC'): Candle => ({
  symbol,
  interval: '1m',
  startTime: 1_677_628_800_000 + i * 60_000,
  closeTime: 1_677_628_800_000 + i * 60_000 + 59_999,
  open: '23000',
  high: '23100',
  low: '22900',
  close: String(23000 + i),
  volume: '1.5',
  source: 'replay',
});

const signal = (i: number): Signal => ({
  id: `sig-${i.toString().padStart(8, '0')}`,
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  interval: '1m',
  side: i % 2 ? 'SELL' : 'BUY',
  timestamp: 1_677_628_800_000 + i * 60_000,
  price: '23000',
  metadata: { rsi: 29.5 },
  createdAt: Date.now(),
});

describe('live events over SSE', () => {
  let web: WebServer;
  let bus: Bus;
  let base: string;

  beforeAll(async () => {
    const namespace = testNamespace('frontend-live');
    bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
    const config = parseEnv(frontendEnvSchema, {
      FRONTEND_PORT: '0',
      REDIS_URL: TEST_REDIS_URL,
      BUS_NAMESPACE: namespace,
    });
    web = await startWebServer(config, { logger, liveThrottleMs: THROTTLE_MS });
    base = `http://127.0.0.1:${web.port}`;
    // The web process subscribes in the background: wait until Redis counts its subscriptions.
    await waitFor(
      async () => {
        const n = Number(await bus.redis.pubsub('NUMPAT'));
        const channels = (await bus.redis.pubsub('NUMSUB', bus.key('analyze:signal'))) as unknown as [string, number];
        return n > 0 && channels[1] > 0;
      },
      { what: 'the web process to subscribe' },
    );
  });

  afterAll(async () => {
    await web?.stop();
    await bus?.close();
  });

  it('starts every stream with hello, and relays a candle published on the bus', async () => {
    const stream = openStream(`${base}/api/events`);
    await waitFor(() => stream.events.find((e) => e.event === 'hello'), { what: 'hello' });
    expect(stream.events[0]).toMatchObject({ event: 'hello', data: { redis: 'up', throttleMs: THROTTLE_MS } });
    await bus.publish(topics.marketData('BTC/USDC'), candle(1));
    const got = await waitFor(() => stream.events.find((e) => e.event === 'candles'), { what: 'a candle' });
    expect(got.data).toMatchObject({ candles: [{ symbol: 'BTC/USDC', close: '23001', source: 'replay' }], dropped: 0 });
    await stream.close();
  });

  it('coalesces a burst of candles into batches, never more often than the throttle, and drops none', async () => {
    const stream = openStream(`${base}/api/events`);
    await waitFor(() => stream.events.find((e) => e.event === 'hello'), { what: 'hello' });
    const started = stream.events.length;
    // 300 candles per symbol as fast as Redis takes them: a max-speed replay.
    for (let i = 100; i < 400; i++) {
      void bus.publish(topics.marketData('BTC/USDC'), candle(i));
      void bus.publish(topics.marketData('BTC/USDT'), candle(i, 'BTC/USDT'));
    }
    const batches = () => stream.events.slice(started).filter((e) => e.event === 'candles');
    const closes = (symbol: string) =>
      batches()
        .flatMap((e) => (e.data as { candles: Candle[] }).candles)
        .filter((c) => c.symbol === symbol)
        .map((c) => c.close);
    const every = Array.from({ length: 300 }, (_, i) => String(23_100 + i));
    await waitFor(() => closes('BTC/USDC').length >= 300 && closes('BTC/USDT').length >= 300, {
      what: 'every candle of the burst',
    });
    // Every closed candle, in order, none twice.
    expect(closes('BTC/USDC')).toEqual(every);
    expect(closes('BTC/USDT')).toEqual(every);
    const got = batches();
    expect(got.every((e) => (e.data as { dropped: number }).dropped === 0)).toBe(true);
    // At most one batch per throttle window (arrival times jitter on a busy machine; the spacing
    // itself is checked with a fake clock in throttle.test.ts).
    const spanMs = got.at(-1)!.at - got[0]!.at;
    expect(got.length).toBeLessThanOrEqual(Math.ceil(spanMs / THROTTLE_MS) + 2);
    await stream.close();
  });

  it('sends a burst larger than one event carries whole, as several events: no closed candle dropped', async () => {
    const stream = openStream(`${base}/api/events`);
    await waitFor(() => stream.events.find((e) => e.event === 'hello'), { what: 'hello' });
    const started = stream.events.length;
    // 6,000 candles of one symbol in a moment: past the 5,000 one event carries.
    const count = 6_000;
    await Promise.all(
      Array.from({ length: count }, (_, i) => bus.publish(topics.marketData('BTC/USDC'), candle(1_000 + i))),
    );
    const received = () =>
      stream.events
        .slice(started)
        .filter((e) => e.event === 'candles')
        .map((e) => e.data as { candles: Candle[]; dropped: number });
    await waitFor(() => received().flatMap((b) => b.candles).length >= count, {
      what: 'every candle of the burst',
      timeoutMs: 20_000,
    });
    const starts = received().flatMap((b) => b.candles.map((c) => c.startTime));
    expect(starts).toEqual(Array.from({ length: count }, (_, i) => candle(1_000 + i).startTime));
    expect(received().every((b) => b.dropped === 0 && b.candles.length <= 5_000)).toBe(true);
    await stream.close();
  }, 30_000);

  it('batches signals and gives a new page the latest candle and balances at once', async () => {
    await bus.publish(topics.balances, {
      mode: 'demo',
      timestamp: Date.now(),
      balances: [{ asset: 'USDC', free: '9000', locked: '0', total: '9000', value: '9000', valueCurrency: 'USDC' }],
    });
    await bus.publish(topics.totalBalance, {
      mode: 'demo',
      timestamp: Date.now(),
      totals: [{ currency: 'USDC', total: '9000', cash: '9000', holdingsValue: '0', holdingsCost: '0', prices: {} }],
    });
    await new Promise((r) => setTimeout(r, THROTTLE_MS * 2));
    const stream = openStream(`${base}/api/events`);
    await waitFor(() => stream.events.find((e) => e.event === 'total_balance'), { what: 'the snapshot' });
    const names = stream.events.map((e) => e.event);
    expect(names.slice(0, 1)).toEqual(['hello']);
    expect(names).toEqual(expect.arrayContaining(['candles', 'balances', 'total_balance']));

    for (let i = 0; i < 5; i++) await bus.publish(topics.signal, signal(i));
    await waitFor(
      () =>
        stream.events
          .filter((e) => e.event === 'signals')
          .reduce((n, e) => n + (e.data as { signals: Signal[] }).signals.length, 0) === 5,
      { what: 'five signals' },
    );
    const batches = stream.events.filter((e) => e.event === 'signals');
    expect(batches.length).toBeLessThanOrEqual(2);
    expect((batches[0]!.data as { signals: Signal[] }).signals[0]).toMatchObject({ id: 'sig-00000000', side: 'BUY' });
    await stream.close();
  });

  it('reports the live relay on /health', async () => {
    const res = await fetch(`${base}/health`);
    const body = (await res.json()) as { details: { live: { redis: string; clients: number } } };
    expect(body.details.live).toMatchObject({ redis: 'up' });
  });
});

describe('live events with BUS_SECRET', () => {
  const SECRET = 'web-test-bus-secret-0123456789abcdef-00';
  let web: WebServer;
  let bus: Bus;
  let base: string;

  beforeAll(async () => {
    const namespace = testNamespace('frontend-signed');
    bus = new Bus({ url: TEST_REDIS_URL, namespace, logger, secret: SECRET });
    const config = parseEnv(frontendEnvSchema, {
      FRONTEND_PORT: '0',
      REDIS_URL: TEST_REDIS_URL,
      BUS_NAMESPACE: namespace,
      BUS_SECRET: SECRET,
    });
    web = await startWebServer(config, { logger, liveThrottleMs: THROTTLE_MS });
    base = `http://127.0.0.1:${web.port}`;
    await waitFor(
      async () => {
        const n = Number(await bus.redis.pubsub('NUMPAT'));
        const channels = (await bus.redis.pubsub('NUMSUB', bus.key('analyze:signal'))) as unknown as [string, number];
        return n > 0 && channels[1] > 0;
      },
      { what: 'the web process to subscribe' },
    );
  });

  afterAll(async () => {
    await web?.stop();
    await bus?.close();
  });

  it('relays signed candles and signals only; unsigned and wrongly signed ones are dropped and counted', async () => {
    const stream = openStream(`${base}/api/events`);
    await waitFor(() => stream.events.find((e) => e.event === 'hello'), { what: 'hello' });
    const candleChannel = bus.key(topics.marketData('BTC/USDC').channel);
    await bus.redis.publish(candleChannel, JSON.stringify(candle(1)));
    await bus.redis.publish(bus.key(topics.signal.channel), JSON.stringify(signal(1)));
    const forger = new Bus({ url: TEST_REDIS_URL, namespace: bus.namespace, logger, secret: `x${SECRET}` });
    await forger.publish(topics.marketData('BTC/USDC'), candle(2));
    await forger.close();
    await bus.publish(topics.marketData('BTC/USDC'), candle(3));
    await bus.publish(topics.signal, signal(3));

    const relayed = <T>(event: string, key: 'candles' | 'signals') =>
      stream.events.filter((e) => e.event === event).flatMap((e) => (e.data as Record<string, T[]>)[key]!);
    await waitFor(() => relayed('candles', 'candles').length > 0 && relayed('signals', 'signals').length > 0, {
      what: 'the signed candle and signal',
    });
    expect(relayed<Candle>('candles', 'candles').map((c) => c.close)).toEqual(['23003']);
    expect(relayed<Signal>('signals', 'signals').map((s) => s.id)).toEqual(['sig-00000003']);
    const health = (await (await fetch(`${base}/health`)).json()) as {
      details: { live: { signatureRejects: number } };
    };
    expect(health.details.live.signatureRejects).toBe(3);
    expect(JSON.stringify(health)).not.toContain(SECRET);
    await stream.close();
  });
});
