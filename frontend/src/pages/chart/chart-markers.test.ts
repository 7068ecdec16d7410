import { describe, expect, it } from '@jest/globals';
import { chartMarks, markStyle } from './chart-markers';
import { positionLines } from './position-lines';

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

  it('tells entries from exits, and exits by reason, each with its own marker', () => {
    const marks = chartMarks({
      candleStarts: starts,
      intervalMs: MIN,
      signals: [],
      trades: [
        {
          id: '1',
          side: 'BUY',
          strategy: 'RSI_Strategy',
          price: '1',
          quantity: '1',
          timestamp: new Date(T0 + 5).toISOString(),
        },
        {
          id: '2',
          side: 'BUY',
          strategy: 'manual',
          price: '1',
          quantity: '1',
          timestamp: new Date(T0 + 6).toISOString(),
        },
        ...(['stop_loss', 'take_profit', 'trailing_stop', 'signal', 'manual'] as const).map((exitReason, i) => ({
          id: `x${i}`,
          side: 'SELL' as const,
          strategy: 'RSI_Strategy',
          price: '1',
          quantity: '1',
          timestamp: new Date(T0 + MIN + i).toISOString(),
          exitReason,
        })),
      ],
    });
    const styles = marks.map((m) => [markStyle(m).text, markStyle(m).label]);
    expect(styles).toEqual([
      ['B', 'entry'],
      ['M', 'manual entry'],
      ['SL', 'stop-loss exit'],
      ['TP', 'take-profit exit'],
      ['TS', 'trailing-stop exit'],
      ['X', 'signal exit'],
      ['MX', 'manual exit'],
    ]);
    // Every exit reason looks different from the others and from an entry.
    expect(new Set(marks.map((m) => `${markStyle(m).shape}:${markStyle(m).color}`)).size).toBe(marks.length);
    expect(markStyle({ kind: 'signal', side: 'BUY', strategy: 'x' }).shape).toBe('arrowUp');
  });
});

describe('refused signals', () => {
  it("are marked beside their signal with the trader's reason, expired ones saying so; others are not", () => {
    const marks = chartMarks({
      candleStarts: starts,
      intervalMs: MIN,
      signals: [
        { id: 'a', strategy: 'RSI_Strategy', side: 'BUY', price: '1', timestamp: T0 },
        { id: 'b', strategy: 'RSI_Strategy', side: 'SELL', price: '1', timestamp: T0 + MIN },
        { id: 'c', strategy: 'RSI_Strategy', side: 'BUY', price: '1', timestamp: T0 + 2 * MIN },
      ],
      trades: [],
      orders: [
        { signalId: 'a', status: 'rejected', reason: 'max exposure 20% reached' },
        { signalId: 'b', status: 'expired', reason: 'older than SIGNAL_MAX_AGE' },
        { signalId: 'c', status: 'filled', reason: null },
        { signalId: null, status: 'rejected', reason: 'manual' },
      ],
    });
    expect(marks.map((m) => [m.id, m.kind, m.reason ?? null])).toEqual([
      ['s:a', 'signal', null],
      ['r:a', 'refused', 'max exposure 20% reached'],
      ['s:b', 'signal', null],
      ['r:b', 'refused', 'expired: older than SIGNAL_MAX_AGE'],
      ['s:c', 'signal', null],
    ]);
    expect(markStyle(marks[1]!)).toMatchObject({ text: 'R', label: 'refused signal' });
  });
});

describe('position lines', () => {
  const position = {
    strategy: 'RSI_Strategy',
    symbol: 'BTC/USDC',
    quantity: '0.001',
    averageEntryPrice: '23000.5',
    cost: '23',
    lastPrice: '23100',
    marketValue: '23.1',
    unrealizedPnl: '0.1',
    realizedGross: '0',
    fees: '0.02',
    openedAt: null,
    stopLoss: '22540.49',
    takeProfit: '23920.52',
    trailingStop: null,
    trailingStopPrice: null,
  };

  it("draws the symbol's positions' entry, stop, target and the trailing stop once it has a price", () => {
    expect(positionLines([position], 'BTC/USDC').map((l) => [l.title, l.price, l.style])).toEqual([
      ['entry', '23000.5', 'solid'],
      ['stop', '22540.49', 'dashed'],
      ['target', '23920.52', 'dashed'],
    ]);
    const trailing = { ...position, strategy: 'manual', stopLoss: null, takeProfit: null, trailingStopPrice: '23050' };
    expect(
      positionLines([position, trailing, { ...position, symbol: 'BTC/USDT' }], 'BTC/USDC').map((l) => l.title),
    ).toEqual(['entry RSI_Strategy', 'stop RSI_Strategy', 'target RSI_Strategy', 'entry manual', 'trailing manual']);
    expect(positionLines([position], 'BTC/USDT')).toEqual([]);
  });
});
