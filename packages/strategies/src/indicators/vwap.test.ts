import { describe, expect, it } from '@jest/globals';
import { readMarketRows } from '../test-support/market-data.js';
import { expectSeriesClose } from '../test-support/reference.js';
import { SessionVwap, type VolumeBar } from './vwap.js';

const DAY = 86_400_000;
const bar = (startTime: number, high: number, low: number, close: number, volume: number): VolumeBar => ({
  startTime,
  high,
  low,
  close,
  volume,
});

/** Textbook, summed afresh from the day's first candle: Σ tp·v / Σ v, and √(Σ v·(tp − VWAP)² / Σ v). */
function textbookVwap(bars: VolumeBar[], i: number): { vwap: number; stdDev: number } | undefined {
  let start = i;
  while (start > 0 && Math.floor(bars[start - 1]!.startTime / DAY) === Math.floor(bars[i]!.startTime / DAY)) start--;
  const day = bars.slice(start, i + 1).map((b) => ({ tp: (b.high + b.low + b.close) / 3, v: b.volume }));
  const volume = day.reduce((s, b) => s + b.v, 0);
  if (volume === 0) return undefined;
  const vwap = day.reduce((s, b) => s + b.tp * b.v, 0) / volume;
  return { vwap, stdDev: Math.sqrt(day.reduce((s, b) => s + b.v * (b.tp - vwap) ** 2, 0) / volume) };
}

describe('SessionVwap', () => {
  it('weights each typical price by its volume, and starts again at 00:00 UTC', () => {
    const vwap = new SessionVwap();
    // Typical prices 10 (volume 1) and 13 (volume 2): VWAP 36 / 3 = 12, σ² = (1·4 + 2·1) / 3 = 2.
    expect(vwap.update(bar(0, 11, 9, 10, 1))).toEqual({ vwap: 10, stdDev: 0, volume: 1 });
    expect(vwap.update(bar(60_000, 14, 12, 13, 2))).toEqual({ vwap: 12, stdDev: Math.sqrt(2), volume: 3 });
    expect(vwap.update(bar(DAY, 21, 19, 20, 4))).toEqual({ vwap: 20, stdDev: 0, volume: 4 });
  });

  it('skips volume-0 bars and has no value until the session trades, never dividing by zero', () => {
    const vwap = new SessionVwap();
    expect(vwap.update(bar(0, 11, 9, 10, 0))).toBeUndefined();
    expect(vwap.update(bar(60_000, 13, 11, 12, 2))).toEqual({ vwap: 12, stdDev: 0, volume: 2 });
    expect(vwap.update(bar(120_000, 50, 50, 50, 0))).toEqual({ vwap: 12, stdDev: 0, volume: 2 });
  });

  it('matches the textbook VWAP and deviation over the real BTC/USDC candles, zero volumes included', () => {
    const bars = readMarketRows('BTC/USDC').map((r) =>
      bar(r.openTime, Number(r.high), Number(r.low), Number(r.close), Number(r.volume)),
    );
    expect(bars.filter((b) => b.volume === 0).length).toBeGreaterThan(10_000);
    const vwap = new SessionVwap();
    const got = bars.map((b) => vwap.update(b));
    // Every 7th candle and the first hour of each day (each summed afresh: O(n²) otherwise).
    const sample = bars.flatMap((b, i) => (i % 7 === 0 || b.startTime % DAY < 3_600_000 ? [i] : []));
    const want = sample.map((i) => textbookVwap(bars, i));
    const compared = expectSeriesClose(
      sample.map((i) => got[i]?.vwap),
      want.map((w) => w?.vwap),
    );
    expect(compared).toBeGreaterThan(5_000);
    expectSeriesClose(
      sample.map((i) => got[i]?.stdDev),
      want.map((w) => w?.stdDev),
    );
  });
});
