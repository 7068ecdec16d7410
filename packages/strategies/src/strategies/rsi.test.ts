import { describe, expect, it } from '@jest/globals';
import { decisions, paramsOf } from '../test-support/candles.js';
import { rsiStrategy } from './rsi.js';

const small = () => rsiStrategy.create(paramsOf(rsiStrategy, { RSI_WINDOW: '2' }));

describe('RSI_Strategy', () => {
  it('reads RSI_WINDOW, RSI_OVERBOUGHT and RSI_OVERSOLD with defaults 14, 70, 30', () => {
    expect(paramsOf(rsiStrategy)).toEqual({ window: 14, overbought: 70, oversold: 30 });
    expect(paramsOf(rsiStrategy, { RSI_WINDOW: '7', RSI_OVERBOUGHT: '80', RSI_OVERSOLD: '20' })).toEqual({
      window: 7,
      overbought: 80,
      oversold: 20,
    });
  });

  it('BUYs when RSI comes back up over oversold and SELLs when it comes back down under overbought', () => {
    // RSI(2): idx2 0, idx3 0, idx4 50 (BUY: 0 < 30 ≤ 50), idx5 75, idx6 87.5, idx7 43.75 (SELL: 87.5 > 70 ≥ 43.75)
    expect(decisions(small(), [10, 9, 8, 7, 8, 9, 10, 9])).toEqual([null, null, null, null, 'BUY', null, null, 'SELL']);
  });

  it('reports the RSI before and after the crossing and its parameters as metadata', () => {
    const machine = small();
    decisions(machine, [10, 9, 8, 7, 8]);
    expect(machine.metadata()).toEqual({ rsi: 50, previousRsi: 0, window: 2, overbought: 70, oversold: 30 });
  });

  it('does not signal on every candle beyond a line, only on the crossing back', () => {
    expect(decisions(small(), [10, 9, 8, 7, 6, 5, 4, 3]).every((d) => d === null)).toBe(true);
    expect(decisions(small(), [1, 2, 3, 4, 5, 6, 7, 8]).every((d) => d === null)).toBe(true);
  });

  it('is silent during warm-up, even when the first value is already past a line', () => {
    // The first RSI(2) value (idx2) is 50 after an oversold-looking start; no previous value, no signal.
    expect(decisions(small(), [10, 9, 10])).toEqual([null, null, null]);
  });

  it('with the defaults, BUYs on the fifth rise after a steady fall (RSI(14) 25.7 → 31.0)', () => {
    const falling = Array.from({ length: 21 }, (_, i) => 100 - i);
    const rising = Array.from({ length: 8 }, (_, i) => 81 + i);
    const result = decisions(rsiStrategy.create(paramsOf(rsiStrategy)), [...falling, ...rising]);
    expect(result.map((d, i) => (d ? `${i}:${d}` : null)).filter(Boolean)).toEqual(['25:BUY']);
  });

  it('never signals through a flat run of zero-volume candles', () => {
    const machine = small();
    const closes = [10, 9, 8, 7, ...Array<number>(60).fill(7)];
    expect(decisions(machine, closes).every((d) => d === null)).toBe(true);
    expect(machine.metadata().rsi).toBe(0);
  });
});
