import { describe, expect, it } from '@jest/globals';
import { candleAt, decisions, MINUTE, paramsOf } from '../test-support/candles.js';
import { SymbolAnalyzer } from '../symbol-analyzer.js';
import { emaCrossStrategy } from './ema-cross.js';
import { loadStrategies } from './select.js';

const small = () =>
  emaCrossStrategy.create(paramsOf(emaCrossStrategy, { EMA_FAST: '2', EMA_SLOW: '3', EMA_TIMEFRAME: '1m' }));

describe('EMA_Cross', () => {
  it('reads EMA_FAST, EMA_SLOW and EMA_TIMEFRAME with defaults 21, 50 and 1d', () => {
    expect(paramsOf(emaCrossStrategy)).toEqual({ fast: 21, slow: 50, timeframe: '1d' });
    expect(emaCrossStrategy.timeframes?.(paramsOf(emaCrossStrategy))).toEqual({ primary: '1d' });
  });

  it('refuses EMA_FAST ≥ EMA_SLOW, naming EMA_FAST', () => {
    const result = emaCrossStrategy.paramsSchema.safeParse({ EMA_FAST: '50', EMA_SLOW: '50' });
    expect(result.error?.issues[0]?.path).toEqual(['EMA_FAST']);
  });

  it('BUYs when the fast EMA crosses above the slow one and SELLs on the way back', () => {
    // EMA(2) seeds 9.5 at idx1, EMA(3) 9 at idx2. idx2: fast 8.5 < slow 9 after 9.5 (no slow yet): none.
    // idx3: fast 8.5 + ⅔·(12 − 8.5) = 10.83 > slow 9 + ½·3 = 10.5 after 8.5 ≤ 9 → BUY.
    // idx4: fast 10.83 + ⅔·(6 − 10.83) = 7.61 < slow 10.5 + ½·(6 − 10.5) = 8.25 → SELL.
    expect(decisions(small(), [10, 9, 8, 12, 6])).toEqual([null, null, null, 'BUY', 'SELL']);
  });

  it('is silent during warm-up, and on a flat run', () => {
    expect(decisions(small(), [10, 1, 30])).toEqual([null, null, null]);
    const machine = small();
    expect(decisions(machine, Array<number>(200).fill(0.3)).every((d) => d === null)).toBe(true);
    expect(machine.metadata()).toMatchObject({ fastEma: 0.3, slowEma: 0.3 });
  });

  it('runs on daily bars by default: one step a day, signalling with the day’s last candle', () => {
    const [loaded] = loadStrategies(['EMA_Cross'], { EMA_FAST: '2', EMA_SLOW: '3' });
    expect(loaded!.warmupCandles).toBe((3 * 3 + 1 + 1) * 1440);
    const analyzer = new SymbolAnalyzer('BTC/USDC', [loaded!], MINUTE);
    const days = [10, 9, 8, 12, 6];
    const signals = days.flatMap((close, day) =>
      Array.from({ length: 1440 }, (_, m) => {
        const outcome = analyzer.analyze(candleAt(day * 1440 + m, close), 0);
        return outcome.status === 'seen' ? [] : outcome.signals;
      }).flat(),
    );
    expect(signals.map((s) => [s.side, (s.timestamp - candleAt(0, 0).startTime) / MINUTE])).toEqual([
      ['BUY', 3 * 1440 + 1439],
      ['SELL', 4 * 1440 + 1439],
    ]);
  });
});
