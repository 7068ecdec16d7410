import { afterEach, describe, expect, it } from '@jest/globals';
import { KEY, type Signal } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { silentLevel, testNamespace, TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import { Bus } from './bus.js';
import { SignalStream } from './signal-stream.js';

const logger = createLogger('stream-test', silentLevel);
const signal = (i: number): Signal => ({
  id: `sig-${String(i).padStart(8, '0')}`,
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  interval: '1m',
  side: 'BUY',
  timestamp: i * 60_000,
  price: '100',
  metadata: { rsi: 29.5 },
  createdAt: Date.now(),
});

const open: { bus: Bus; stream: SignalStream }[] = [];
function make(ns: string) {
  const bus = new Bus({ url: TEST_REDIS_URL, namespace: ns, logger });
  const stream = new SignalStream(bus, logger, 1_000);
  open.push({ bus, stream });
  return { bus, stream };
}

afterEach(async () => {
  for (const { bus, stream } of open.splice(0)) {
    await stream.stop();
    await bus.close();
  }
});

describe('SignalStream', () => {
  it('delivers each appended signal to the group and acknowledges after the handler', async () => {
    const ns = testNamespace('stream');
    const { stream } = make(ns);
    const handled: string[] = [];
    for (let i = 0; i < 5; i++) await stream.append(signal(i));
    stream.start({ consumer: 'c1', handler: async (s) => void handled.push(s.id), blockMs: 100 });
    await waitFor(() => handled.length === 5, { what: '5 signals' });
    await waitFor(async () => (await stream.lag()).pending === 0, { what: 'acks' });
    expect(handled).toEqual([0, 1, 2, 3, 4].map((i) => signal(i).id));
  });

  it('publishes the pub/sub copy on analyze:signal', async () => {
    const ns = testNamespace('stream');
    const { bus, stream } = make(ns);
    const sub = bus.redis.duplicate();
    const seen: string[] = [];
    sub.on('message', (_c: string, m: string) => seen.push(JSON.parse(m).id));
    await sub.subscribe(`${ns}analyze:signal`);
    await stream.append(signal(7));
    await waitFor(() => seen.length === 1, { what: 'pub/sub copy' });
    expect(seen).toEqual([signal(7).id]);
    await sub.quit();
  });

  it('redelivers an entry whose handler failed, and one left pending by a consumer that died', async () => {
    const ns = testNamespace('stream');
    const first = make(ns);
    await first.stream.append(signal(1));
    await first.stream.append(signal(2));
    // A consumer reads both entries and dies before acknowledging: they stay pending under its name.
    await first.bus.redis.xgroup('CREATE', first.bus.key(KEY.signalStream), KEY.signalGroup, '0', 'MKSTREAM');
    await first.bus.redis.xreadgroup(
      'GROUP',
      KEY.signalGroup,
      'dead',
      'COUNT',
      10,
      'STREAMS',
      first.bus.key(KEY.signalStream),
      '>',
    );
    expect((await first.stream.lag()).pending).toBe(2);

    const second = make(ns);
    const handled: string[] = [];
    let failOnce = true;
    second.stream.start({
      consumer: 'alive',
      claimIdleMs: 1,
      blockMs: 50,
      handler: async (s) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('database briefly down');
        }
        handled.push(s.id);
      },
    });
    await waitFor(() => handled.length === 2, { what: 'reclaimed signals', timeoutMs: 15_000 });
    await waitFor(async () => (await second.stream.lag()).pending === 0, { what: 'acks' });
    expect(handled.sort()).toEqual([signal(1).id, signal(2).id]);
  });

  it('recreates the consumer group when Redis lost it', async () => {
    const ns = testNamespace('stream');
    const { bus, stream } = make(ns);
    const handled: string[] = [];
    stream.start({ consumer: 'c1', handler: async (s) => void handled.push(s.id), blockMs: 50 });
    await stream.append(signal(1));
    await waitFor(() => handled.length === 1, { what: 'first signal' });
    await bus.redis.del(bus.key(KEY.signalStream)); // as after a Redis restart without persistence
    await stream.append(signal(2));
    await waitFor(() => handled.length === 2, { what: 'signal after the group was lost', timeoutMs: 15_000 });
    expect(handled).toEqual([signal(1).id, signal(2).id]);
  });

  it('acknowledges and drops an entry that is not a valid signal', async () => {
    const ns = testNamespace('stream');
    const { bus, stream } = make(ns);
    await bus.redis.xadd(bus.key(KEY.signalStream), '*', 'signal', JSON.stringify({ id: 'x' }));
    await stream.append(signal(3));
    const handled: string[] = [];
    stream.start({ consumer: 'c1', handler: async (s) => void handled.push(s.id), blockMs: 50 });
    await waitFor(() => handled.length === 1, { what: 'the valid signal' });
    await waitFor(async () => (await stream.lag()).pending === 0, { what: 'acks' });
    expect(handled).toEqual([signal(3).id]);
  });

  it('hands a batch handler every valid entry of a read at once, and acknowledges them only after it resolves', async () => {
    const ns = testNamespace('stream');
    const { bus, stream } = make(ns);
    await bus.redis.xadd(bus.key(KEY.signalStream), '*', 'signal', 'not json');
    for (let i = 10; i < 15; i++) await stream.append(signal(i));
    const batches: string[][] = [];
    let failOnce = true;
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    stream.start({
      consumer: 'c1',
      blockMs: 50,
      batchHandler: async (batch) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('the transaction failed: nothing of the batch was kept');
        }
        batches.push(batch.map((b) => b.value.id));
        await held;
      },
    });
    await waitFor(() => batches.length === 1, { what: 'the batch after a failed attempt', timeoutMs: 15_000 });
    // Handed over but not yet resolved: nothing is acknowledged (the invalid entry is).
    expect((await stream.lag()).pending).toBe(5);
    release();
    await waitFor(async () => (await stream.lag()).pending === 0, { what: 'acks' });
    expect(batches).toEqual([[10, 11, 12, 13, 14].map((i) => signal(i).id)]);
    expect(stream.delivered).toBe(5);
  });
});
