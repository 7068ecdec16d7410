import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { Candle } from '@roottrading/contracts';
import { loadStrategies } from './strategies/select.js';
import { loadSymbolStrategies } from './test-support/load.js';
import { defineStrategy, type Bar } from './strategies/types.js';
import { SymbolAnalyzer } from './symbol-analyzer.js';
import { MINUTE, T0, candleAt } from './test-support/candles.js';
import { timeframeField } from './timeframes/timeframes.js';

/** Records the bars it is stepped on; SELLs on every bar made up entirely of filled candles. */
const stepped: Bar[] = [];
const registry = [
  defineStrategy({
    name: 'Bars',
    description: 'test plugin',
    paramsSchema: z.object({ TF: timeframeField('1m') }).transform((e) => ({ timeframe: e.TF })),
    warmupCandles: () => 1,
    timeframes: (p) => ({ primary: p.timeframe }),
    create: () => ({
      update: (bar: Bar) => (stepped.push(bar), bar.filled ? 'SELL' : null),
      metadata: () => ({}),
    }),
  }),
];
const analyzerWith = (env: Record<string, string>) =>
  new SymbolAnalyzer('BTC/USDC', loadStrategies(['Bars'], env, registry), MINUTE);
const candle = (minute: number, close: number): Candle => ({ ...candleAt(minute, close), volume: '2' });

describe('GAP_FILL', () => {
  it('none (the default): missing candles stay missing, indicators count candles', () => {
    stepped.length = 0;
    const analyzer = analyzerWith({});
    [0, 1, 5].forEach((m, i) => analyzer.analyze(candle(m, 10 + i)));
    expect(stepped.map((b) => (b.startTime - T0) / MINUTE)).toEqual([0, 1, 5]);
    expect(analyzer.filledCandles).toBe(0);
  });

  it('flat: each missing candle is the previous close, volume 0, marked filled, before the next real one', () => {
    stepped.length = 0;
    const analyzer = analyzerWith({ GAP_FILL: 'flat' });
    [0, 1, 5].forEach((m, i) => analyzer.analyze(candle(m, 10 + i)));
    expect(stepped.map((b) => [(b.startTime - T0) / MINUTE, b.close, b.volume, b.filled ?? false])).toEqual([
      [0, 10, 2, false],
      [1, 11, 2, false],
      [2, 11, 0, true],
      [3, 11, 0, true],
      [4, 11, 0, true],
      [5, 12, 2, false],
    ]);
    expect(stepped[2]).toMatchObject({ open: 11, high: 11, low: 11 });
    expect(analyzer.filledCandles).toBe(3);
  });

  it('closes a higher bar at its own end from filled candles; its signal goes out with the next real candle', () => {
    stepped.length = 0;
    const analyzer = analyzerWith({ GAP_FILL: 'flat', TF: '5m' });
    const outcomes = [0, 1, 11].map((m) => analyzer.analyze(candle(m, 10 + m)));
    // 00:00 holds two real candles and three filled ones; 00:05 is all filled; 00:10 is open.
    expect(stepped.map((b) => [(b.startTime - T0) / MINUTE, b.volume, b.filled])).toEqual([
      [0, 4, false],
      [5, 0, true],
    ]);
    const signals = outcomes[2]!.status === 'seen' ? [] : outcomes[2]!.signals;
    expect(signals.map((s) => [s.side, s.timestamp, s.metadata.barStartTime])).toEqual([
      ['SELL', T0 + 11 * MINUTE, T0 + 5 * MINUTE],
    ]);
  });

  it('fills during a warm-up too, and starts afresh on a new series', () => {
    stepped.length = 0;
    const analyzer = analyzerWith({ GAP_FILL: 'flat' });
    analyzer.warm({ startTime: T0, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    analyzer.warm({ startTime: T0 + 3 * MINUTE, open: 2, high: 2, low: 2, close: 2, volume: 1 });
    expect(analyzer.filledCandles).toBe(2);
    analyzer.analyze(candle(0, 5));
    expect(analyzer.filledCandles).toBe(2);
  });

  it('changes the signal ids when flat, and leaves them as they were otherwise', () => {
    const key = (env: Record<string, string>) => loadStrategies(['RSI_Strategy'], env)[0]!.paramsKey;
    expect(key({ GAP_FILL: 'none' })).toBe(key({}));
    expect(key({ GAP_FILL: 'flat' })).toBe('{"gapFill":"flat","overbought":70,"oversold":30,"window":14}');
  });

  it('refuses anything but none or flat, naming GAP_FILL', () => {
    expect(() => loadStrategies(['RSI_Strategy'], { GAP_FILL: 'linear' })).toThrow(
      'config: GAP_FILL must be none or flat (got "linear")',
    );
    expect(loadSymbolStrategies(['RSI_Strategy'], { GAP_FILL: ' Flat ' })[0]!.gapFill).toBe('flat');
  });
});
