import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { topics, type Candle } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { silentLevel, testNamespace, TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import { Bus, InvalidMessageError } from './bus.js';

const logger = createLogger('bus-test', silentLevel);
const candle = (i: number): Candle => ({
  symbol: 'BTC/USDC',
  interval: '1m',
  startTime: i * 60_000,
  closeTime: i * 60_000 + 59_999,
  open: '100',
  high: '101',
  low: '99',
  close: `100.${i}`,
  volume: '0',
  source: 'synthetic',
});

describe('Bus', () => {
  let a: Bus;
  let b: Bus;
  const ns = testNamespace('bus');

  beforeAll(() => {
    a = new Bus({ url: TEST_REDIS_URL, namespace: ns, logger });
    b = new Bus({ url: TEST_REDIS_URL, namespace: ns, logger });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('delivers validated messages in order on the namespaced channel', async () => {
    const got: Candle[] = [];
    await b.subscribe(topics.marketData('BTC/USDC'), async (c) => {
      await new Promise((r) => setTimeout(r, c.startTime % 3)); // a handler slower for some messages
      got.push(c);
    });
    for (let i = 0; i < 50; i++) expect(await a.publish(topics.marketData('BTC/USDC'), candle(i))).toBe(1);
    await waitFor(() => got.length === 50, { what: '50 candles' });
    expect(got.map((c) => c.startTime)).toEqual(Array.from({ length: 50 }, (_, i) => i * 60_000));
    expect(b.key('market:data:BTCUSDC')).toBe(`${ns}market:data:BTCUSDC`);
  });

  it('refuses to publish an invalid message', async () => {
    await expect(a.publish(topics.marketData('BTC/USDC'), { ...candle(1), close: 'NaN' })).rejects.toBeInstanceOf(
      InvalidMessageError,
    );
  });

  it('drops invalid messages it receives and keeps delivering valid ones', async () => {
    const got: string[] = [];
    await b.subscribe(topics.marketData('ETH/USDC'), (c) => {
      got.push(c.close);
    });
    const channel = b.key('market:data:ETHUSDC');
    const before = b.invalidCount;
    await a.redis.publish(channel, 'not json');
    await a.redis.publish(channel, JSON.stringify({ ...candle(2), symbol: 'ETH/USDC', high: 12 }));
    await a.publish(topics.marketData('ETH/USDC'), { ...candle(3), symbol: 'ETH/USDC' });
    await waitFor(() => got.length === 1, { what: 'the valid candle' });
    expect(got).toEqual(['100.3']);
    expect(b.invalidCount - before).toBe(2);
  });

  it('does not see another namespace', async () => {
    const other = new Bus({ url: TEST_REDIS_URL, namespace: testNamespace('other'), logger });
    const seen: Candle[] = [];
    await other.subscribe(topics.marketData('BTC/USDC'), (c) => {
      seen.push(c);
    });
    expect(await a.publish(topics.marketData('BTC/USDC'), candle(99))).toBe(1); // only b, in a's namespace
    await b.drain();
    expect(seen).toEqual([]);
    await other.close();
  });
});
