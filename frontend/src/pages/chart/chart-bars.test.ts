import { describe, expect, it } from '@jest/globals';
import { decimalMath, TimeframeAggregator, type OhlcvBar } from '@roottrading/strategies';
import { replayCandles } from '@roottrading/strategies/test-support';
import { buildBars, liveBars, liveGap, mergeOlder, prependedCount, type ChartCandle } from './chart-bars';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2023, 2, 1);

const candle = (minute: number, close: string, volume = '1'): ChartCandle => ({
  startTime: T0 + minute * MIN,
  open: close,
  high: close,
  low: close,
  close,
  volume,
});

/** The real BTC/USDC minutes, a few with holes cut in them as the stored candles have. */
function realMinutes(count: number): ChartCandle[] {
  return replayCandles('BTC/USDC', count)
    .filter((_, i) => i % 97 !== 13)
    .map(({ startTime, open, high, low, close, volume }) => ({ startTime, open, high, low, close, volume }));
}

describe('bars of a higher timeframe built from base candles', () => {
  it.each([
    ['5m', 5 * MIN],
    ['1h', HOUR],
    ['4h', 4 * HOUR],
  ])('gives the closed %s bars packages/strategies builds from the real candles, exactly', (_name, tf) => {
    const minutes = realMinutes(3_000);
    const aggregator = new TimeframeAggregator<string>(MIN, [tf], decimalMath);
    const expected = minutes.flatMap((c) => aggregator.push(c as OhlcvBar<string>)).map((b) => b.bar);
    const built = buildBars(minutes, MIN, tf);
    const closed = built.filter((b) => !b.forming);
    expect(
      closed.map(({ startTime, open, high, low, close, volume }) => ({ startTime, open, high, low, close, volume })),
    ).toEqual(
      expected.map(({ startTime, open, high, low, close, volume }) => ({ startTime, open, high, low, close, volume })),
    );
    // Only the last bar may still be forming: 3,000 minutes end 50 h in, inside a 4h bar but on an hour.
    expect(built.slice(0, -1).every((b) => !b.forming)).toBe(true);
    expect(built.at(-1)!.forming).toBe(tf === 4 * HOUR);
  });

  it('keeps a bar forming until the minute ending its period, or a later one, has come', () => {
    const tf = 5 * MIN;
    expect(buildBars([candle(0, '1'), candle(3, '3')], MIN, tf).map((b) => b.forming)).toEqual([true]);
    expect(buildBars([candle(0, '1'), candle(4, '3')], MIN, tf).map((b) => b.forming)).toEqual([false]);
    // A hole at the period's end: the next period's first minute closes it.
    expect(buildBars([candle(0, '1'), candle(2, '3'), candle(6, '2')], MIN, tf).map((b) => b.forming)).toEqual([
      false,
      true,
    ]);
  });

  it('counts a minute fetched with the tail and pushed live once, the latest copy winning', () => {
    const bars = buildBars(
      [candle(0, '1', '2'), candle(1, '5', '3'), candle(1, '4', '3'), candle(0, '1', '2')],
      MIN,
      HOUR,
    );
    expect(bars).toEqual([{ startTime: T0, open: '1', high: '4', low: '1', close: '4', volume: '5', forming: true }]);
  });
});

describe('live bars after the history', () => {
  it('on the base interval: every candle from the last bar held on, each closed', () => {
    const base = [candle(8, '1'), candle(9, '2'), candle(10, '3')];
    expect(liveBars({ historyLast: T0 + 9 * MIN, base, baseMs: MIN, timeframeMs: MIN })).toEqual(base.slice(1));
  });

  it('on 1h: the bars opening after the last closed one, built from the tail and the pushes, the last forming', () => {
    // History ends with the 01:00 bar; the tail read at load holds 01:30–02:10, the pushes 02:10–02:12.
    const tail = Array.from({ length: 41 }, (_, i) => candle(90 + i, String(100 + i)));
    const pushed = [candle(130, '150'), candle(131, '90'), candle(132, '120')];
    const bars = liveBars({ historyLast: T0 + HOUR, base: [...tail, ...pushed], baseMs: MIN, timeframeMs: HOUR });
    expect(bars).toEqual([
      { startTime: T0 + 2 * HOUR, open: '130', high: '150', low: '90', close: '120', volume: '13', forming: true },
    ]);
    // 02:59 arrives: the bar is closed — never before.
    const closing = [...tail, ...pushed, candle(179, '121')];
    expect(liveBars({ historyLast: T0 + HOUR, base: closing, baseMs: MIN, timeframeMs: HOUR })[0]!.forming).toBe(false);
  });
});

describe('older pages of history', () => {
  it('joins an older page in front, one bar per open time, the bar held winning', () => {
    const held = [candle(10, '10'), candle(11, '11'), candle(12, '12')];
    const older = [candle(8, '8'), candle(9, '9'), candle(10, 'stale')];
    const merged = mergeOlder(held, older);
    expect(merged.map((c) => [c.startTime - T0, c.close])).toEqual([
      [8 * MIN, '8'],
      [9 * MIN, '9'],
      [10 * MIN, '10'],
      [11 * MIN, '11'],
      [12 * MIN, '12'],
    ]);
    // The view shifts by the two bars put in front, so the bars on screen stay where they were.
    expect(prependedCount(held, merged)).toBe(2);
    expect(prependedCount([], merged)).toBe(0);
    expect(mergeOlder(merged, [])).toEqual(merged);
  });
});

describe('a hole between what was loaded and what is still pushed', () => {
  it('is there when the first candle the store kept opens more than one interval after the newest loaded', () => {
    expect(liveGap(T0, T0 + MIN, MIN)).toBe(false);
    expect(liveGap(T0, T0, MIN)).toBe(false);
    expect(liveGap(T0, T0 + 2 * MIN, MIN)).toBe(true);
    expect(liveGap(undefined, T0, MIN)).toBe(false);
    expect(liveGap(T0, undefined, MIN)).toBe(false);
  });
});
