import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Batcher, LatestPerKey } from './throttle.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('LatestPerKey', () => {
  it('sends the first value at once, then only the latest per key every interval', () => {
    const sent: [string, number, number][] = [];
    const t = new LatestPerKey<number>(250, (key, v) => sent.push([key, v, Date.now() - 1_000_000]));
    for (let i = 1; i <= 100; i++) {
      t.push('BTC/USDC', i);
      t.push('BTC/USDT', -i);
      jest.advanceTimersByTime(5); // a candle every 5 ms: 200 per second per symbol
    }
    jest.advanceTimersByTime(250);
    const usdc = sent.filter(([k]) => k === 'BTC/USDC');
    expect(usdc[0]).toEqual(['BTC/USDC', 1, 0]);
    expect(usdc.at(-1)?.[1]).toBe(100);
    expect(usdc.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < usdc.length; i++) expect(usdc[i]![2] - usdc[i - 1]![2]).toBeGreaterThanOrEqual(250);
    expect(sent.filter(([k]) => k === 'BTC/USDT').at(-1)?.[1]).toBe(-100);
  });

  it('sends at once again after a quiet interval', () => {
    const sent: number[] = [];
    const t = new LatestPerKey<number>(250, (_k, v) => sent.push(v));
    t.push('a', 1);
    jest.advanceTimersByTime(1_000);
    t.push('a', 2);
    expect(sent).toEqual([1, 2]);
  });
});

describe('Batcher', () => {
  it('hands on a burst as one batch, capped to the newest, saying how many it dropped', () => {
    const batches: [number[], number][] = [];
    const b = new Batcher<number>(250, 3, (items, dropped) => batches.push([items, dropped]));
    for (let i = 1; i <= 5; i++) b.push(i);
    jest.advanceTimersByTime(0);
    b.push(6);
    jest.advanceTimersByTime(249);
    expect(batches).toEqual([[[3, 4, 5], 2]]);
    jest.advanceTimersByTime(1);
    expect(batches).toEqual([
      [[3, 4, 5], 2],
      [[6], 0],
    ]);
  });

  it('in split mode hands on a burst past the cap whole, in batches of the cap, in order, none dropped', () => {
    const batches: [number[], number][] = [];
    const b = new Batcher<number>(250, 3, (items, dropped) => batches.push([items, dropped]), Date.now, 'split');
    // 8 closed candles inside one window: 32 a second, far past one per symbol per 250 ms.
    for (let i = 1; i <= 8; i++) b.push(i);
    jest.advanceTimersByTime(0);
    expect(batches).toEqual([
      [[1, 2, 3], 0],
      [[4, 5, 6], 0],
      [[7, 8], 0],
    ]);
    // The next burst waits for the window, then goes out the same way.
    for (let i = 9; i <= 12; i++) b.push(i);
    jest.advanceTimersByTime(249);
    expect(batches).toHaveLength(3);
    jest.advanceTimersByTime(1);
    expect(batches.slice(3)).toEqual([
      [[9, 10, 11], 0],
      [[12], 0],
    ]);
  });
});
