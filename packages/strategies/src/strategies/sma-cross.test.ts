import { describe, expect, it } from '@jest/globals';
import { decisions, paramsOf } from '../test-support/candles.js';
import { smaCrossStrategy } from './sma-cross.js';

const small = () => smaCrossStrategy.create(paramsOf(smaCrossStrategy, { SHORT_WINDOW: '2', LONG_WINDOW: '3' }));

describe('SimpleMA_Cross', () => {
  it('reads SHORT_WINDOW and LONG_WINDOW with defaults 10 and 30', () => {
    expect(paramsOf(smaCrossStrategy)).toEqual({ shortWindow: 10, longWindow: 30 });
  });

  it('refuses SHORT_WINDOW ≥ LONG_WINDOW, naming SHORT_WINDOW', () => {
    const result = smaCrossStrategy.paramsSchema.safeParse({ SHORT_WINDOW: '30', LONG_WINDOW: '30' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['SHORT_WINDOW']);
  });

  it('SELLs when the short SMA crosses below the long one and BUYs when it crosses above', () => {
    // idx3: short 4.5 < long 4.67 after 5 = 5 → SELL; idx5: short 4.5 > long 4.33 after 3.5 < 4 → BUY
    expect(decisions(small(), [5, 5, 5, 4, 3, 6])).toEqual([null, null, null, 'SELL', null, 'BUY']);
  });

  it('reports both averages before and after, and the windows, as metadata', () => {
    const machine = small();
    decisions(machine, [5, 5, 5, 4, 3, 6]);
    expect(machine.metadata()).toEqual({
      shortSma: 4.5,
      longSma: 13 / 3,
      previousShortSma: 3.5,
      previousLongSma: 4,
      shortWindow: 2,
      longWindow: 3,
    });
  });

  it('signals once per crossing, not on every candle the short one stays above', () => {
    const result = decisions(small(), [5, 5, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.filter(Boolean)).toEqual(['BUY']);
  });

  it('is silent during warm-up (until both averages exist on the previous candle too)', () => {
    expect(decisions(small(), [5, 1, 9])).toEqual([null, null, null]);
  });

  it('sees no crossing on a flat run, even where a running sum carries float dust', () => {
    const machine = small();
    // 0.1 + 0.7 + 0.3 … leaves dust in a running sum; both averages must still equal 0.3 exactly.
    const result = decisions(machine, [0.1, 0.7, 0.3, ...Array<number>(60).fill(0.3)]);
    expect(result.slice(4).every((d) => d === null)).toBe(true);
    expect(machine.metadata().shortSma).toBe(0.3);
    expect(machine.metadata().longSma).toBe(0.3);
  });

  it('crosses normally when a flat run ends', () => {
    const result = decisions(small(), [6, 6, 6, 6, 6, 5]);
    expect(result).toEqual([null, null, null, null, null, 'SELL']);
  });
});
