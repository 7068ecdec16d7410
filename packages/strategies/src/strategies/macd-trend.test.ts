import { describe, expect, it } from '@jest/globals';
import { decisions, paramsOf } from '../test-support/candles.js';
import { macdTrendStrategy } from './macd-trend.js';

const small = (trend: number) =>
  macdTrendStrategy.create(
    paramsOf(macdTrendStrategy, {
      MACD_FAST: '2',
      MACD_SLOW: '3',
      MACD_SIGNAL: '2',
      MACD_TREND: String(trend),
      MACD_TIMEFRAME: '1m',
    }),
  );

/** Falls, then turns up sharply, then falls back: one upward and one downward crossing. */
const TURN = [10, 10, 10, 9, 8, 7, 9, 12, 13, 9, 6];

describe('MACD_Trend', () => {
  it('reads its periods and timeframe with defaults 12, 26, 9, trend 200 on 1h', () => {
    expect(paramsOf(macdTrendStrategy)).toEqual({ fast: 12, slow: 26, signal: 9, trend: 200, timeframe: '1h' });
  });

  it('BUYs on the MACD crossing above its signal line and SELLs on the crossing below', () => {
    const result = decisions(small(0), TURN);
    expect(result.filter(Boolean)).toEqual(['BUY', 'SELL']);
    expect(result.indexOf('BUY')).toBe(6);
    expect(result.indexOf('SELL')).toBe(9);
  });

  it('BUYs only above the trend EMA, but SELLs whatever the trend', () => {
    // A long fall and a bounce: the MACD crosses up at idx14 (close 9) far under the EMA(8) of ~13.
    const fall = [20, 20, 20, 20, 20, 20, 20, 20, 18, 16, 14, 12, 10, 8, 9, 11, 12, 9, 6];
    expect(decisions(small(0), fall)[14]).toBe('BUY');
    const filtered = decisions(small(8), fall);
    expect(filtered[14]).toBeNull();
    expect(filtered.filter(Boolean)).toEqual(['SELL', 'SELL']);
    // TURN's crossing at idx6 closes at 9, above its EMA(4) of 8.54: the filter lets it through.
    expect(decisions(small(4), TURN)[6]).toBe('BUY');
  });

  it('is silent during warm-up and on a flat run', () => {
    expect(decisions(small(0), [10, 1, 30, 2])).toEqual([null, null, null, null]);
    expect(decisions(small(3), Array<number>(300).fill(23_152.65)).every((d) => d === null)).toBe(true);
  });
});
