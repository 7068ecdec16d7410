import { describe, expect, it } from '@jest/globals';
import { decisions, paramsOf } from '../test-support/candles.js';
import { donchianBreakoutStrategy } from './donchian-breakout.js';

const small = () =>
  donchianBreakoutStrategy.create(
    paramsOf(donchianBreakoutStrategy, {
      DONCHIAN_WINDOW: '3',
      DONCHIAN_EXIT_WINDOW: '2',
      DONCHIAN_TIMEFRAME: '1m',
    }),
  );

describe('Donchian_Breakout', () => {
  it('reads DONCHIAN_WINDOW, DONCHIAN_EXIT_WINDOW and DONCHIAN_TIMEFRAME with defaults 20, 10 and 1h', () => {
    expect(paramsOf(donchianBreakoutStrategy)).toEqual({ window: 20, exitWindow: 10, timeframe: '1h' });
  });

  it('BUYs on the close that breaks the prior high, once, and SELLs under the prior exit low', () => {
    // idx4: 11 > max(10, 9, 10) → BUY; idx5: 12, a new high again but no new breakout.
    // idx7: 8 < min(12, 11) → SELL.
    expect(decisions(small(), [10, 9, 10, 10, 11, 12, 11, 8])).toEqual([
      null,
      null,
      null,
      null,
      'BUY',
      null,
      null,
      'SELL',
    ]);
  });

  it('is silent during warm-up even on a breakout, and on a flat run', () => {
    expect(decisions(small(), [10, 9, 10, 20])).toEqual([null, null, null, null]);
    expect(decisions(small(), Array<number>(100).fill(0.3)).every((d) => d === null)).toBe(true);
  });

  it('puts the channel it compared with in the metadata', () => {
    const machine = small();
    decisions(machine, [10, 9, 10, 10, 11]);
    expect(machine.metadata()).toEqual({ close: 11, upper: 10, lower: 10, window: 3, exitWindow: 2, timeframe: '1m' });
  });
});
