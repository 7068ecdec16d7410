import { describe, expect, it } from '@jest/globals';
import { readCloses } from '../test-support/market-data.js';
import { RelativeStrengthIndex, rsiFromAverages } from './rsi.js';

/**
 * Textbook Wilder RSI: the first averages are the simple means of the first `period` gains and
 * losses; after that avg = (avg·(period − 1) + current) / period; RSI = 100 − 100 / (1 + RS).
 */
function textbookRsi(closes: number[], period: number): (number | undefined)[] {
  const out: (number | undefined)[] = [undefined];
  let avgGain = 0;
  let avgLoss = 0;
  for (let i = 1; i < closes.length; i++) {
    const change = closes[i]! - closes[i - 1]!;
    const gain = Math.max(change, 0);
    const loss = Math.max(-change, 0);
    if (i < period) {
      avgGain += gain;
      avgLoss += loss;
      out.push(undefined);
      continue;
    }
    if (i === period) {
      avgGain = (avgGain + gain) / period;
      avgLoss = (avgLoss + loss) / period;
    } else {
      avgGain = (avgGain * (period - 1) + gain) / period;
      avgLoss = (avgLoss * (period - 1) + loss) / period;
    }
    if (avgLoss === 0) out.push(avgGain === 0 ? 50 : 100);
    else out.push(100 - 100 / (1 + avgGain / avgLoss));
  }
  return out;
}

describe('RelativeStrengthIndex', () => {
  it('has its first value after period + 1 closes', () => {
    const rsi = new RelativeStrengthIndex(2);
    expect(rsi.update(10)).toBeUndefined();
    expect(rsi.update(11)).toBeUndefined();
    // changes +1, −0.5 → avgGain 0.5, avgLoss 0.25 → RS 2 → RSI 66.666…
    expect(rsi.update(10.5)).toBeCloseTo(200 / 3, 12);
  });

  it('is not rounded to two decimals (unlike the library RSI class)', () => {
    const rsi = new RelativeStrengthIndex(2);
    [10, 11, 10.5].forEach((c) => rsi.update(c));
    expect(rsi.value).not.toBe(66.67);
  });

  it.each([14, 5])('matches the textbook Wilder RSI(%i) over every real BTC/USDC close', (period) => {
    const closes = readCloses('BTC/USDC');
    const expected = textbookRsi(closes, period);
    const rsi = new RelativeStrengthIndex(period);
    let worst = 0;
    let compared = 0;
    closes.forEach((close, i) => {
      const got = rsi.update(close);
      const want = expected[i];
      if (want === undefined) {
        expect(got).toBeUndefined();
        return;
      }
      expect(Number.isFinite(got)).toBe(true);
      worst = Math.max(worst, Math.abs(got! - want) / Math.max(Math.abs(want), 1));
      compared++;
    });
    expect(compared).toBe(closes.length - period);
    expect(worst).toBeLessThan(1e-9);
  });

  it('gives 50 with no movement at all and 100 with no losses, never NaN', () => {
    expect(rsiFromAverages(0, 0)).toBe(50);
    expect(rsiFromAverages(3, 0)).toBe(100);
    expect(rsiFromAverages(0, 3)).toBe(0);
    const flat = new RelativeStrengthIndex(14);
    const values = Array.from({ length: 60 }, () => flat.update(23_152.65));
    expect(values.slice(14).every((v) => v === 50)).toBe(true);
  });

  it('holds its value exactly through a flat run', () => {
    const rsi = new RelativeStrengthIndex(3);
    [10, 12, 11, 13, 12.5].forEach((c) => rsi.update(c));
    const before = rsi.value;
    for (let i = 0; i < 55; i++) expect(rsi.update(12.5)).toBe(before);
  });
});
