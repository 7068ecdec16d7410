import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from './bus.js';
import { KEY } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { TEST_REDIS_URL, silentLevel, testNamespace, waitFor } from '@roottrading/testing';
import { ProgressCounter } from './progress-counter.js';

const logger = createLogger('analyzer', silentLevel);

describe('ProgressCounter (real Redis)', () => {
  let bus: Bus;
  let key: string;
  const read = async () => Number((await bus.redis.get(key)) ?? 0);

  beforeAll(() => {
    bus = new Bus({ url: TEST_REDIS_URL, namespace: testNamespace('progress'), logger });
    key = bus.key(KEY.analyzerProgress);
  });

  afterAll(async () => {
    await bus.close();
  });

  it('sends a burst of candles as one INCRBY, once the burst has been handled', async () => {
    const counter = new ProgressCounter(bus.redis, key, logger);
    for (let i = 0; i < 1_000; i++) counter.add(1);
    expect(await read()).toBe(0);
    await waitFor(async () => (await read()) === 1_000, { what: 'the burst to be counted' });
    expect(counter.flushes).toBe(1);

    // Idle again: the next candle is counted without waiting for more.
    counter.add(1);
    await waitFor(async () => (await read()) === 1_001, { what: 'a single candle to be counted' });
    expect(counter.flushes).toBe(2);
    await counter.close();
  });

  it('flushes what is pending when closed', async () => {
    const counter = new ProgressCounter(bus.redis, key, logger, 60_000);
    const before = await read();
    counter.add(1);
    await waitFor(async () => (await read()) === before + 1, { what: 'the first count' });
    counter.add(2); // throttled for a minute …
    await counter.close(); // … but close sends it now
    expect(await read()).toBe(before + 3);
    expect(counter.flushed).toBe(3);
  });
});
