import { describe, expect, it } from '@jest/globals';
import { noView, paramsOf } from '../test-support/candles.js';
import { supertrendStrategy } from './supertrend.js';

const small = () =>
  supertrendStrategy.create(
    paramsOf(supertrendStrategy, {
      SUPERTREND_ATR_WINDOW: '2',
      SUPERTREND_MULTIPLIER: '1',
      SUPERTREND_TIMEFRAME: '1m',
    }),
  );
/** Bars one point either side of the close. */
const run = (closes: number[], machine = small()) =>
  closes.map((close, i) =>
    machine.update({ startTime: i, open: close, high: close + 1, low: close - 1, close, volume: 1 }, noView),
  );

describe('Supertrend', () => {
  it('reads its ATR window, multiplier and timeframe with defaults 10, 3 and 1h', () => {
    expect(paramsOf(supertrendStrategy)).toEqual({ atrWindow: 10, multiplier: 3, timeframe: '1h' });
  });

  it('SELLs when the trend turns down and BUYs when it turns back up', () => {
    expect(run([10, 10, 10, 5, 5, 12])).toEqual([null, null, null, 'SELL', null, 'BUY']);
  });

  it('is silent during warm-up and on a flat run', () => {
    expect(run([10, 5])).toEqual([null, null]);
    expect(run(Array<number>(300).fill(100)).every((d) => d === null)).toBe(true);
  });
});
