import { describe, expect, it } from '@jest/globals';
import { backoffDelay, retryDelay, withRetry } from './retry-policy.js';

describe('retry policy', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 100, 1_000))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('honours a longer Retry-After, even past the cap', () => {
    expect(retryDelay(1, { baseMs: 100, maxMs: 1_000 }, 3_000)).toBe(3_000);
    expect(retryDelay(3, { baseMs: 100, maxMs: 1_000 }, 50)).toBe(400);
  });

  it('retries retryable errors only, with the delays it reports, then throws the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const run = (retryable: (e: Error) => boolean) =>
      withRetry<string, Error>(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { attempts: 3, baseMs: 10, maxMs: 100 },
        { retryable, sleep: async (ms) => void waits.push(ms) },
      );
    await expect(run(() => true)).rejects.toThrow('fail 3');
    expect(waits).toEqual([10, 20]);
    calls = 0;
    waits.length = 0;
    await expect(run(() => false)).rejects.toThrow('fail 1');
    expect(waits).toEqual([]);
  });

  it('returns as soon as a try succeeds, and stops early when told to give up', async () => {
    let calls = 0;
    const ok = await withRetry(
      async () => (++calls < 2 ? Promise.reject(new Error('x')) : 'done'),
      { attempts: 5, baseMs: 1, maxMs: 1 },
      { retryable: () => true, sleep: async () => undefined },
    );
    expect([ok, calls]).toEqual(['done', 2]);
    calls = 0;
    await expect(
      withRetry(
        async () => Promise.reject(new Error(`n${++calls}`)),
        { attempts: 5, baseMs: 1, maxMs: 1 },
        {
          retryable: () => true,
          giveUp: () => calls >= 2,
          sleep: async () => undefined,
        },
      ),
    ).rejects.toThrow('n2');
  });
});
