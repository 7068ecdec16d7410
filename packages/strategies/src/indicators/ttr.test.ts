import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { realBars } from '../test-support/reference.js';
import { AverageTrueRange } from './atr.js';
import { DonchianChannel } from './donchian.js';
import { ExponentialMovingAverage } from './ema.js';
import { MovingAverageConvergenceDivergence } from './macd.js';

/**
 * The streaming indicators against R's TTR over every real BTC/USDC candle: fixtures/ttr-reference.R
 * wrote TTR's values at a sample of the candles (the warm-up edges, every 211th and the last 20) into
 * fixtures/ttr-reference.json; here every candle is fed and those are compared.
 */
const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('./fixtures/ttr-reference.json', import.meta.url)), 'utf8'),
) as { candles: number; columns: string[]; rows: (number | null)[][] };

describe('indicators against R’s TTR on the real BTC/USDC candles', () => {
  it('agree within 1e-9 · max(1, |TTR|) wherever TTR has a value, and have none where it has none', () => {
    const bars = realBars();
    expect(bars).toHaveLength(fixture.candles);
    const ema21 = new ExponentialMovingAverage(21);
    const ema50 = new ExponentialMovingAverage(50);
    const macd = new MovingAverageConvergenceDivergence(12, 26, 9);
    const donchian = new DonchianChannel(20);
    const atr = new AverageTrueRange(14);
    const ours = bars.map((b) => {
      const m = macd.update(b.close);
      const d = donchian.update(b);
      return [ema21.update(b.close), ema50.update(b.close), m?.macd, m?.signal, d?.upper, d?.lower, atr.update(b)];
    });
    let compared = 0;
    for (const [index, ...want] of fixture.rows) {
      want.forEach((w, k) => {
        const got = ours[index!]![k];
        const what = `${fixture.columns[k + 1]} at candle ${index}`;
        if (w === null) return expect([what, got]).toEqual([what, undefined]);
        expect([what, Math.abs(got! - w) <= 1e-9 * Math.max(1, Math.abs(w))]).toEqual([what, true]);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(1_000);
  });
});
