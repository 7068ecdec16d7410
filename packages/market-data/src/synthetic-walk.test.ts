import { describe, expect, it } from '@jest/globals';
import { candleSchema } from '@roottrading/contracts';
import { formatUnits, mulberry32, RandomWalk } from './synthetic-walk.js';

const walk = (seed: number, symbol = 'BTC/USDC', tick = '0.01') =>
  new RandomWalk({ symbol, seed, startPrice: 30_000, tick, volatility: 0.002 });
const take = (w: RandomWalk, n: number) => Array.from({ length: n }, () => w.next());

describe('synthetic random walk', () => {
  it('is deterministic: same seed, same candles', () => {
    expect(take(walk(42), 500)).toEqual(take(walk(42), 500));
    expect(take(walk(42), 5)).not.toEqual(take(walk(43), 5));
    expect(take(walk(42, 'ETH/USDC'), 5)).not.toEqual(take(walk(42, 'BTC/USDC'), 5));
  });

  it('starts near the start price, opens at the previous close, keeps high ≥ open/close ≥ low', () => {
    const candles = take(walk(7), 1_000);
    expect(Math.abs(Number(candles[0]!.open) - 30_000)).toBeLessThan(1);
    for (let i = 0; i < candles.length; i++) {
      const c = candles[i]!;
      if (i > 0) expect(c.open).toBe(candles[i - 1]!.close);
      const [o, h, l, cl] = [c.open, c.high, c.low, c.close].map(Number) as [number, number, number, number];
      expect(h).toBeGreaterThanOrEqual(Math.max(o, cl));
      expect(l).toBeLessThanOrEqual(Math.min(o, cl));
      expect(l).toBeGreaterThan(0);
    }
  });

  it('writes tick-rounded decimal strings a candle accepts', () => {
    for (const c of take(walk(1, 'BTC/USDC', '0.05'), 200)) {
      for (const price of [c.open, c.high, c.low, c.close]) {
        expect(Math.round(Number(price) * 100) % 5).toBe(0);
        expect(price).toMatch(/^\d+(\.\d{1,2})?$/);
      }
      const candle = { symbol: 'BTC/USDC', interval: '1m', startTime: 0, closeTime: 59_999, source: 'synthetic', ...c };
      expect(candleSchema.safeParse(candle).success).toBe(true);
    }
  });

  it('uses a tiny seeded PRNG in [0, 1)', () => {
    const r = mulberry32(42);
    const values = Array.from({ length: 1_000 }, r);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(42)()).toBe(values[0]);
    expect(formatUnits(123456, 2)).toBe('1234.56');
    expect(formatUnits(5, 2)).toBe('0.05');
    expect(formatUnits(300, 2)).toBe('3');
  });
});
