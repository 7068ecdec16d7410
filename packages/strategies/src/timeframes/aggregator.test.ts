import { describe, expect, it } from '@jest/globals';
import { readMarketRows } from '../test-support/market-data.js';
import { numberMath, TimeframeAggregator, type ClosedBar, type OhlcvBar } from './aggregator.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2023, 2, 1);
const ALL = [5 * MIN, 15 * MIN, HOUR, 4 * HOUR, DAY];

const candle = (minute: number, close: number, volume = 1): OhlcvBar<number> => ({
  startTime: T0 + minute * MIN,
  open: close - 0.5,
  high: close + 1,
  low: close - 1,
  close,
  volume,
});

/** Feeds every candle; returns what each push emitted. */
function feed(agg: TimeframeAggregator<number>, candles: OhlcvBar<number>[]): ClosedBar<number>[][] {
  return candles.map((c) => agg.push(c));
}

/**
 * The independent aggregation: group the candles by ⌊open time / timeframe⌋ all at once, then take
 * the first open, the highest high, the lowest low, the last close and the summed volume.
 */
function grouped(candles: OhlcvBar<number>[], timeframeMs: number): OhlcvBar<number>[] {
  const groups = new Map<number, OhlcvBar<number>[]>();
  for (const c of candles) {
    const key = Math.floor(c.startTime / timeframeMs);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, cs]) => ({
      startTime: key * timeframeMs,
      open: cs[0]!.open,
      high: Math.max(...cs.map((c) => c.high)),
      low: Math.min(...cs.map((c) => c.low)),
      close: cs[cs.length - 1]!.close,
      volume: cs.reduce((sum, c) => sum + c.volume, 0),
      filled: false,
    }));
}

describe('TimeframeAggregator', () => {
  it('emits a 5m bar on the candle that ends its period, never before', () => {
    const agg = new TimeframeAggregator(MIN, [5 * MIN], numberMath);
    const out = feed(
      agg,
      [10, 12, 9, 11, 13].map((c, i) => candle(i, c, i + 1)),
    );
    expect(out.slice(0, 4).every((o) => o.length === 0)).toBe(true);
    expect(out[4]).toEqual([
      {
        timeframeMs: 5 * MIN,
        endTime: T0 + 5 * MIN,
        bar: { startTime: T0, open: 9.5, high: 14, low: 8, close: 13, volume: 15, filled: false },
      },
    ]);
  });

  it('closes a bar whose last candles are missing when a candle of a later period arrives', () => {
    const agg = new TimeframeAggregator(MIN, [5 * MIN], numberMath);
    const out = feed(agg, [candle(0, 10), candle(2, 12), candle(7, 20)]);
    expect(out[0]).toEqual([]);
    expect(out[1]).toEqual([]);
    // 00:05–00:06 and 00:03–00:04 are missing: the bars still start at 00:00 and 00:05.
    expect(out[2]!.map((b) => [b.bar.startTime - T0, b.bar.close, b.bar.volume])).toEqual([[0, 12, 2]]);
    expect(agg.closeBefore(T0 + 9 * MIN)).toEqual([]);
    expect(agg.closeBefore(T0 + 10 * MIN).map((b) => [b.bar.startTime - T0, b.bar.open])).toEqual([[5 * MIN, 19.5]]);
  });

  it('never shifts boundaries across gaps: a lone candle of a period is that period’s bar', () => {
    const agg = new TimeframeAggregator(MIN, [15 * MIN, HOUR], numberMath);
    // 00:14 ends its 15m period alone; 01:59 ends both the 01:45 quarter and the 01:00 hour.
    const out = feed(agg, [candle(14, 10), candle(119, 20)]);
    expect(out[0]!.map((b) => [b.timeframeMs, b.bar.startTime - T0])).toEqual([[15 * MIN, 0]]);
    expect(out[1]!.map((b) => [b.timeframeMs, b.bar.startTime - T0, b.endTime - T0])).toEqual([
      [HOUR, 0, HOUR],
      [15 * MIN, 105 * MIN, 2 * HOUR],
      [HOUR, HOUR, 2 * HOUR],
    ]);
  });

  it('emits, in one push, the bars a later period closes and the one its own candle ends', () => {
    const agg = new TimeframeAggregator(MIN, [5 * MIN], numberMath);
    const out = feed(agg, [candle(1, 10), candle(9, 11)]);
    expect(out[1]!.map((b) => b.bar.startTime - T0)).toEqual([0, 5 * MIN]);
  });

  it('marks a built bar filled only when every candle in it was', () => {
    const agg = new TimeframeAggregator(MIN, [5 * MIN], numberMath);
    const filled = (m: number) => ({ ...candle(m, 10, 0), filled: true });
    const out = feed(agg, [filled(0), filled(1), filled(2), filled(3), filled(4), candle(5, 10), filled(6)]);
    expect(out[4]![0]!.bar.filled).toBe(true);
    expect(agg.closeBefore(T0 + DAY)[0]!.bar.filled).toBe(false);
  });

  it('refuses candles out of order, off the base boundary, and timeframes that are not multiples', () => {
    const agg = new TimeframeAggregator(MIN, [5 * MIN], numberMath);
    agg.push(candle(3, 10));
    expect(() => agg.push(candle(3, 10))).toThrow('a base candle at 2023-03-01T00:03:00.000Z after the one at');
    expect(() => agg.push({ ...candle(4, 10), startTime: T0 + 4 * MIN + 1 })).toThrow('not on a 60000 ms boundary');
    expect(() => new TimeframeAggregator(5 * MIN, [7 * MIN], numberMath)).toThrow('not a whole multiple');
  });

  describe('on the real BTC/USDC candles', () => {
    const real: OhlcvBar<number>[] = readMarketRows('BTC/USDC').map((r) => ({
      startTime: r.openTime,
      open: Number(r.open),
      high: Number(r.high),
      low: Number(r.low),
      close: Number(r.close),
      volume: Number(r.volume),
    }));

    /** Everything emitted, per timeframe, checking at each push that no bar is emitted before its end. */
    function run(candles: OhlcvBar<number>[]): Map<number, OhlcvBar<number>[]> {
      const agg = new TimeframeAggregator(MIN, ALL, numberMath);
      const byTf = new Map<number, OhlcvBar<number>[]>(ALL.map((tf) => [tf, []]));
      for (const c of candles) {
        for (const closed of agg.push(c)) {
          expect(closed.endTime).toBeLessThanOrEqual(c.startTime + MIN);
          byTf.get(closed.timeframeMs)!.push(closed.bar);
        }
      }
      // What is still open at the end closes once time moves past it.
      for (const closed of agg.closeBefore(Number.MAX_SAFE_INTEGER)) byTf.get(closed.timeframeMs)!.push(closed.bar);
      return byTf;
    }

    it('matches an independent grouping for every timeframe over all 30,240 candles', () => {
      expect(real).toHaveLength(30_240);
      const byTf = run(real);
      for (const tf of ALL) expect(byTf.get(tf)).toEqual(grouped(real, tf));
      expect(byTf.get(DAY)).toHaveLength(21);
      expect(byTf.get(5 * MIN)).toHaveLength(30_240 / 5);
    });

    it('matches it with gaps: every 7th candle, a whole hour and the last minutes of a day taken out', () => {
      const gappy = real.filter((c, i) => {
        const t = c.startTime - T0;
        if (i % 7 === 3) return false;
        if (t >= 5 * HOUR && t < 6 * HOUR) return false;
        return !(t >= 2 * DAY - 10 * MIN && t < 2 * DAY);
      });
      const byTf = run(gappy);
      for (const tf of ALL) expect(byTf.get(tf)).toEqual(grouped(gappy, tf));
      // The missing hour has no bar; the hours around it keep their boundaries.
      const hours = byTf.get(HOUR)!.map((b) => (b.startTime - T0) / HOUR);
      expect(hours.slice(3, 7)).toEqual([3, 4, 6, 7]);
    });
  });
});
