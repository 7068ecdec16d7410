import { describe, expect, it } from '@jest/globals';
import { ClosedCandleTracker, ohlcvToCandle } from './closed-candles.js';

const MIN = 60_000;
const row = (i: number, close = 100) => [i * MIN, 100, 101, 99, close, 1.5];

describe('closed-candle detection on the ccxt stream', () => {
  it('emits a candle only when the next one opens, with its final values', () => {
    const t = new ClosedCandleTracker();
    expect(t.push([row(0, 100)])).toEqual([]);
    expect(t.push([row(0, 100.5)])).toEqual([]);
    expect(t.push([row(0, 101), row(1, 102)])).toEqual([row(0, 101)]);
    expect(t.push([row(2)])).toEqual([row(1, 102)]);
    expect(t.lastClosedStart).toBe(MIN);
    expect(t.pendingStart).toBe(2 * MIN);
  });

  it('never emits a candle twice when REST and the stream overlap', () => {
    const t = new ClosedCandleTracker();
    t.push([row(0), row(1)]);
    expect(t.push([row(0), row(1), row(2), row(3)]).map((r) => r[0])).toEqual([MIN, 2 * MIN]);
    expect(t.push([row(1), row(2), row(3)])).toEqual([]);
  });

  it('sorts a batch that arrives out of order and ignores stale updates', () => {
    const t = new ClosedCandleTracker();
    expect(t.push([row(2), row(0), row(1)]).map((r) => r[0])).toEqual([0, MIN]);
    expect(t.push([row(1, 5)])).toEqual([]);
  });

  it('keeps a copy: ccxt updates its cached rows in place', () => {
    const t = new ClosedCandleTracker();
    const cached = row(0, 100);
    t.push([cached]);
    cached[4] = 999;
    expect(t.push([row(1)])).toEqual([row(0, 100)]);
  });

  it('skips incomplete rows', () => {
    const t = new ClosedCandleTracker();
    expect(
      t.push([
        [0, 1, 2, 3, undefined, 5],
        [MIN, 1, 2],
      ]),
    ).toEqual([]);
    expect(t.pendingStart).toBeUndefined();
  });

  it('resumes a gap fill at the open candle, else right after the last closed one', () => {
    const t = new ClosedCandleTracker();
    expect(t.resumeFrom(MIN)).toBeUndefined();
    t.push([row(3)]);
    expect(t.resumeFrom(MIN)).toBe(3 * MIN);
  });

  it('turns a row into a candle with decimal strings and closeTime = start + interval - 1', () => {
    expect(ohlcvToCandle([MIN, 23152.65, 23160, 1e-7, 2, 0], 'BTC/USDC', '1m', MIN, 'ccxt:binance')).toEqual({
      symbol: 'BTC/USDC',
      interval: '1m',
      startTime: MIN,
      closeTime: 2 * MIN - 1,
      open: '23152.65',
      high: '23160',
      low: '0.0000001',
      close: '2',
      volume: '0',
      source: 'ccxt:binance',
    });
  });
});
