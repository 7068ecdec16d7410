import { describe, expect, it } from '@jest/globals';
import { MINUTE, paramsOf, T0 } from '../test-support/candles.js';
import { loadStrategies } from './select.js';
import { loadSymbolStrategies } from '../test-support/load.js';
import type { Bar } from './types.js';
import { vwapReversionStrategy } from './vwap-reversion.js';

const small = () =>
  vwapReversionStrategy.create(paramsOf(vwapReversionStrategy, { VWAP_DEVIATION: '1', VWAP_TREND_EMA: '2' }));

const QUARTER = 15 * MINUTE;
/**
 * Steps a machine over 1m bars of [close, volume] (high and low on the close, so the typical price
 * is the close), the view showing the i-th 15m close of `trend` with the i-th bar (one a minute: the
 * logic, not the clock, is under test here).
 */
function run(bars: [number, number][], trend: number[], machine = small()) {
  return bars.map(([close, volume], i) => {
    const quarter: Bar | undefined =
      trend[i] === undefined
        ? undefined
        : {
            startTime: T0 + i * QUARTER,
            open: trend[i]!,
            high: trend[i]!,
            low: trend[i]!,
            close: trend[i]!,
            volume: 1,
          };
    const bar = { startTime: T0 + i * MINUTE, open: close, high: close, low: close, close, volume };
    return machine.update(bar, { closed: (tf) => (tf === '15m' ? quarter : undefined) });
  });
}

/**
 * VWAP 100 (σ 0), then 101 (σ 1), then with 98: Σ tp·v / Σ v = 300 / 3 = 100, σ = √(8/3) = 1.633, so
 * the band is 98.37 and 98 is under it → BUY (the 15m EMA(2): 10.5, then 11.5 — rising). Then 100.5
 * lifts the VWAP to 400.5 / 4 = 100.125, and the close is over it → SELL.
 */
const DIP: [number, number][] = [
  [100, 1],
  [102, 1],
  [98, 1],
  [100.5, 1],
];

describe('VWAP_Reversion', () => {
  it('reads its deviation, trend EMA and timeframes with defaults 2, 20, 15m and 1m; reads the 15m bars', () => {
    const params = paramsOf(vwapReversionStrategy);
    expect(params).toEqual({ deviation: 2, band: 'std', trendPeriod: 20, trendTimeframe: '15m', timeframe: '1m' });
    const [loaded] = loadSymbolStrategies(['VWAP_Reversion'], {});
    expect(loaded!.timeframes.timeframesMs).toEqual([MINUTE, QUARTER]);
    expect(loaded!.warmupCandles).toBe(Math.max(1441, (3 * 20 + 1 + 1 + 1) * 15));
  });

  it('refuses a trend timeframe no longer than its own, naming VWAP_TREND_TIMEFRAME', () => {
    const result = vwapReversionStrategy.paramsSchema.safeParse({ VWAP_TREND_TIMEFRAME: '1m' });
    expect(result.error?.issues[0]?.path).toEqual(['VWAP_TREND_TIMEFRAME']);
  });

  it('names VWAP_TIMEFRAME when INTERVAL cannot build it', () => {
    expect(() => loadStrategies(['VWAP_Reversion'], { INTERVAL: '5m' })).toThrow(
      /VWAP_TIMEFRAME must be a whole multiple/,
    );
  });

  it('BUYs a close k σ under the VWAP while the 15m EMA rises, and SELLs back at the VWAP', () => {
    const machine = small();
    expect(run(DIP.slice(0, 3), [10, 11, 12], machine)).toEqual([null, null, 'BUY']);
    expect(machine.metadata()).toMatchObject({ vwap: 100, stdDev: Math.sqrt(8 / 3), trendEma: 11.5 });
    expect(run(DIP, [10, 11, 12, 13])).toEqual([null, null, 'BUY', 'SELL']);
  });

  it('with VWAP_BAND=percent, BUYs a close more than that percentage under the VWAP', () => {
    const percent = (deviation: string) =>
      vwapReversionStrategy.create(
        paramsOf(vwapReversionStrategy, { VWAP_DEVIATION: deviation, VWAP_BAND: 'percent', VWAP_TREND_EMA: '2' }),
      );
    // 98 is 2 % under the VWAP of 100: over 1.9 %, not over 2 %.
    expect(run(DIP, [10, 11, 12, 13], percent('1.9'))).toEqual([null, null, 'BUY', 'SELL']);
    expect(run(DIP, [10, 11, 12, 13], percent('2'))).toEqual([null, null, null, null]);
  });

  it('does not BUY in a falling 15m trend, or before the trend EMA has two values', () => {
    // EMA(2): 10.5, then 10.5 + ⅔ · (9 − 10.5) = 9.5: falling.
    expect(run(DIP, [10, 11, 9, 9])).toEqual([null, null, null, null]);
    expect(run(DIP, [])).toEqual([null, null, null, null]);
    expect(run(DIP, [10, 11])).toEqual([null, null, null, null]);
  });

  it('is silent on a flat run and on volume-0 bars (no band: no division by zero, no NaN)', () => {
    const machine = small();
    const flat = Array.from({ length: 100 }, () => [23_152.65, 2] as [number, number]);
    const rising = Array.from({ length: 100 }, (_, i) => i);
    expect(run(flat, rising, machine).every((d) => d === null)).toBe(true);
    expect(machine.metadata()).toMatchObject({ stdDev: 0, lowerBand: null });
    const silent = small();
    const zero = Array.from({ length: 100 }, (_, i) => [100 - i, 0] as [number, number]);
    expect(run(zero, rising, silent).every((d) => d === null)).toBe(true);
    expect(
      Object.values(silent.metadata()).every((v) => v === null || typeof v === 'string' || Number.isFinite(v)),
    ).toBe(true);
  });
});
