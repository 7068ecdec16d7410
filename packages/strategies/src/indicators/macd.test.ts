import { describe, expect, it } from '@jest/globals';
import { MACD } from 'technicalindicators';
import { readCloses } from '../test-support/market-data.js';
import { expectSeriesClose, textbookEma, type Series } from '../test-support/reference.js';
import { MovingAverageConvergenceDivergence } from './macd.js';

/** Textbook MACD: EMA(fast) − EMA(slow) over the whole series, the signal an EMA of that line. */
function textbookMacd(closes: number[], fast: number, slow: number, signal: number) {
  const f = textbookEma(closes, fast);
  const s = textbookEma(closes, slow);
  const macd: Series = closes.map((_, i) => (s[i] === undefined ? undefined : f[i]! - s[i]!));
  const line = textbookEma(macd, signal);
  return { macd, signal: line, histogram: macd.map((m, i) => (line[i] === undefined ? undefined : m! - line[i]!)) };
}

describe('MovingAverageConvergenceDivergence', () => {
  it.each([
    [12, 26, 9],
    [5, 35, 5],
  ])('matches the textbook MACD(%i, %i, %i) over every real BTC/USDC close', (fast, slow, signal) => {
    const closes = readCloses('BTC/USDC');
    const macd = new MovingAverageConvergenceDivergence(fast, slow, signal);
    const got = closes.map((c) => macd.update(c));
    const want = textbookMacd(closes, fast, slow, signal);
    expectSeriesClose(
      got.map((v) => v?.macd),
      want.macd,
    );
    expectSeriesClose(
      got.map((v) => v?.signal),
      want.signal,
    );
    const compared = expectSeriesClose(
      got.map((v) => v?.histogram),
      want.histogram,
    );
    expect(compared).toBe(closes.length - slow - signal + 2);
    // technicalindicators' MACD (EMAs for both lines) as a second witness, from the slow EMA's first value.
    const library = MACD.calculate({
      values: closes,
      fastPeriod: fast,
      slowPeriod: slow,
      signalPeriod: signal,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    expectSeriesClose(
      got.slice(slow - 1).map((v) => v?.macd),
      library.map((v) => v.MACD),
    );
    expectSeriesClose(
      got.slice(slow - 1).map((v) => v?.signal),
      library.map((v) => v.signal),
    );
  });

  it('is exactly 0 on a flat run from the start', () => {
    const macd = new MovingAverageConvergenceDivergence(3, 6, 2);
    const values = Array.from({ length: 40 }, () => macd.update(23_152.65));
    expect(values.slice(6).every((v) => v?.macd === 0 && v.signal === 0 && v.histogram === 0)).toBe(true);
  });

  it('refuses a fast period that is not below the slow one', () => {
    expect(() => new MovingAverageConvergenceDivergence(26, 26, 9)).toThrow('must be below the slow one');
  });
});
