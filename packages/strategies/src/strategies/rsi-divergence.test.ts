import { describe, expect, it } from '@jest/globals';
import { decisions, paramsOf } from '../test-support/candles.js';
import { rsiDivergenceStrategy } from './rsi-divergence.js';

const small = (lookback = 10) =>
  rsiDivergenceStrategy.create(
    paramsOf(rsiDivergenceStrategy, {
      RSI_DIV_WINDOW: '2',
      RSI_DIV_SWING: '1',
      RSI_DIV_LOOKBACK: String(lookback),
      RSI_DIV_TIMEFRAME: '1m',
    }),
  );

/**
 * RSI(2), Wilder: idx3 (6) is a swing low at RSI 0, confirmed at idx4; idx7 (5.5) is lower, at RSI
 * 16.39 (avg gain 0.3125, avg loss 1.59375), confirmed at idx8 with the RSI at 33.77 ≤ 50 → BUY;
 * idx9's +2 lifts the RSI to 75.12 (gain 1.203125, loss 0.3984375) across 50 → SELL.
 */
const DIVERGENCE = [10, 9, 8, 6, 9, 10, 7, 5.5, 6, 8];

describe('RSI_Divergence', () => {
  it('reads its window, swing, lookback, exit and timeframe with defaults 14, 3, 40, 50 and 15m', () => {
    expect(paramsOf(rsiDivergenceStrategy)).toEqual({ window: 14, swing: 3, lookback: 40, exit: 50, timeframe: '15m' });
  });

  it('refuses a lookback no larger than the swing, naming RSI_DIV_LOOKBACK', () => {
    const result = rsiDivergenceStrategy.paramsSchema.safeParse({ RSI_DIV_SWING: '5', RSI_DIV_LOOKBACK: '5' });
    expect(result.error?.issues[0]?.path).toEqual(['RSI_DIV_LOOKBACK']);
  });

  it('BUYs when a lower swing low has a higher RSI, once confirmed, and SELLs when the RSI crosses 50', () => {
    const machine = small();
    expect(decisions(machine, DIVERGENCE)).toEqual([null, null, null, null, null, null, null, null, 'BUY', 'SELL']);
    expect(machine.metadata()).toMatchObject({
      swingLow: 5.5,
      swingRsi: 16.393442622950815,
      previousSwingLow: 6,
      previousSwingRsi: 0,
      swingDistance: 4,
    });
  });

  it('does not BUY on a higher low, a lower RSI, lows too far apart, or an RSI already over the exit', () => {
    const none = Array<null>(10).fill(null);
    // idx7 at 6.5 is a higher low.
    expect(decisions(small(), [10, 9, 8, 6, 9, 10, 7, 6.5, 7, 8])).toEqual(none);
    // 7.5 < 9, but its RSI 17.89 is under the first low's 28.57: no divergence.
    expect(decisions(small(), [10, 12, 11, 9, 12, 13, 8, 7.5, 8, 10])).toEqual(none);
    // Four bars apart, with a lookback of three.
    expect(decisions(small(3), DIVERGENCE)).toEqual(none);
    // Confirmed by a +2.5 that lifts the RSI to 63.83: the bounce is already over.
    expect(decisions(small(), [10, 9, 8, 6, 9, 10, 7, 5.5, 8, 9])).toEqual(none);
  });

  it('sends no second BUY while it holds, even on a second divergence', () => {
    // idx9 (5.4, RSI 22.53) is under idx7 (5.5, RSI 16.39), confirmed at idx10 (RSI 26.60 ≤ 50): held.
    const got = decisions(small(), [...DIVERGENCE.slice(0, 9), 5.4, 5.45, 8]);
    expect(got.filter(Boolean)).toEqual(['BUY', 'SELL']);
    expect(got.indexOf('SELL')).toBe(11);
  });

  it('sends no SELL without a BUY before it', () => {
    expect(decisions(small(), [10, 9, 8, 7, 9, 12, 8, 7, 9, 12]).every((d) => d === null)).toBe(true);
  });

  it('is silent during warm-up and on a flat run, with finite values', () => {
    // The same lows, before the RSI exists: no swing low has an RSI to compare.
    expect(decisions(small(), [6, 9, 5.5, 6, 8])).toEqual([null, null, null, null, null]);
    const machine = small();
    expect(decisions(machine, Array<number>(300).fill(23_152.65)).every((d) => d === null)).toBe(true);
    expect(machine.metadata()).toMatchObject({ rsi: 50, swingLow: null });
  });
});
