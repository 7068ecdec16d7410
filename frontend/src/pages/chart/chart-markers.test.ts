import { describe, expect, it } from '@jest/globals';
import { chartMarks } from './chart-markers';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);
const starts = [0, 1, 2, 3].map((i) => T0 + i * MIN);

describe('chart marks', () => {
  it('puts signals on their candle and fills on the candle whose minute holds them, sorted by time', () => {
    const marks = chartMarks({
      candleStarts: starts,
      intervalMs: MIN,
      signals: [
        { id: 'b', strategy: 'SimpleMA_Cross', side: 'SELL', price: '23100', timestamp: T0 + 2 * MIN },
        { id: 'a', strategy: 'RSI_Strategy', side: 'BUY', price: '23000', timestamp: new Date(T0 + MIN).toISOString() },
      ],
      trades: [
        // A signal's fill is stamped at its candle's close: the last millisecond of that minute.
        {
          id: '7',
          side: 'BUY',
          strategy: 'RSI_Strategy',
          price: '23011.5',
          quantity: '0.001',
          timestamp: new Date(T0 + 2 * MIN - 1).toISOString(),
        },
      ],
    });
    expect(marks.map((m) => [m.id, m.kind, m.candleStart - T0, m.strategy])).toEqual([
      ['s:a', 'signal', MIN, 'RSI_Strategy'],
      ['t:7', 'trade', MIN, 'RSI_Strategy'],
      ['s:b', 'signal', 2 * MIN, 'SimpleMA_Cross'],
    ]);
  });

  it('leaves out what falls on no candle shown, and counts a signal fetched and pushed live once', () => {
    const marks = chartMarks({
      candleStarts: starts,
      intervalMs: MIN,
      signals: [
        { id: 'old', strategy: 'RSI_Strategy', side: 'BUY', price: '1', timestamp: T0 - 10 * MIN },
        { id: 'x', strategy: 'RSI_Strategy', side: 'BUY', price: '1', timestamp: T0 + 3 * MIN },
        { id: 'x', strategy: 'RSI_Strategy', side: 'BUY', price: '1', timestamp: new Date(T0 + 3 * MIN).toISOString() },
      ],
      trades: [
        // A manual order during a replay: wall-clock time, years after the candles.
        { id: '9', side: 'SELL', strategy: 'manual', price: '1', quantity: '1', timestamp: '2026-11-21T10:00:00.000Z' },
        { id: '10', side: 'SELL', strategy: 'manual', price: '1', quantity: '1', timestamp: 'not a time' },
      ],
    });
    expect(marks.map((m) => m.id)).toEqual(['s:x']);
    expect(chartMarks({ candleStarts: [], intervalMs: MIN, signals: [], trades: [] })).toEqual([]);
  });
});
