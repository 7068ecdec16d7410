import { describe, expect, it } from '@jest/globals';
import { decisions, paramsOf } from '../test-support/candles.js';
import { bollingerStrategy } from './bollinger.js';

const small = () => bollingerStrategy.create(paramsOf(bollingerStrategy, { BB_WINDOW: '3', BB_STD: '1' }));

describe('Bollinger_Bands', () => {
  it('reads BB_WINDOW and BB_STD with defaults 20 and 2', () => {
    expect(paramsOf(bollingerStrategy)).toEqual({ window: 20, stdMultiplier: 2 });
  });

  it('BUYs when the close comes back inside from below the lower band', () => {
    // idx3: 7 < lower 9 − √2; idx4: 10 ≥ lower again → BUY
    expect(decisions(small(), [10, 10, 10, 7, 10])).toEqual([null, null, null, null, 'BUY']);
  });

  it('SELLs when the close comes back inside from above the upper band', () => {
    expect(decisions(small(), [10, 10, 10, 13, 10])).toEqual([null, null, null, null, 'SELL']);
  });

  it('reports the bands and parameters as metadata', () => {
    const machine = small();
    decisions(machine, [10, 10, 10, 7, 10]);
    const m = machine.metadata();
    expect(m).toMatchObject({ close: 10, previousClose: 7, middle: 9, window: 3, stdMultiplier: 1 });
    expect(m.stdDev).toBeCloseTo(Math.SQRT2, 14);
    expect(m.lower).toBeCloseTo(9 - Math.SQRT2, 14);
  });

  it('does not signal while the close stays outside, only when it comes back', () => {
    expect(decisions(small(), [10, 10, 10, 7, 4, 1]).every((d) => d === null)).toBe(true);
  });

  it('is silent during warm-up (no bands on the previous candle)', () => {
    expect(decisions(small(), [10, 7, 10])).toEqual([null, null, null]);
  });

  it('never signals on a flat run (σ = 0: the close sits on both bands, no 0/0)', () => {
    const machine = small();
    const result = decisions(machine, [10, 7, 10, ...Array<number>(60).fill(23_152.65)]);
    expect(result.slice(5).every((d) => d === null)).toBe(true);
    expect(machine.metadata()).toMatchObject({ stdDev: 0, upper: 23_152.65, lower: 23_152.65 });
  });
});
