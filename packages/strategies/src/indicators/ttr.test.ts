import { describe, expect, it } from '@jest/globals';
import { readMarketRows } from '../test-support/market-data.js';
import { realBars } from '../test-support/reference.js';
import { expectMatchesTtr, readTtrFixture } from '../test-support/ttr-fixture.js';
import { AverageTrueRange } from './atr.js';
import { DonchianChannel } from './donchian.js';
import { ExponentialMovingAverage } from './ema.js';
import { KeltnerChannel } from './keltner.js';
import { MovingAverageConvergenceDivergence } from './macd.js';
import { OnBalanceVolume } from './obv.js';

/**
 * The streaming indicators against R's TTR over every real BTC/USDC candle: fixtures/ttr-reference.R
 * wrote TTR's values at a sample of the candles (the warm-up edges, every 211th and the last 20) into
 * fixtures/ttr-reference.json (ttr-keltner-obv.R into ttr-keltner-obv.json for OBV and Keltner); here
 * every candle is fed and those are compared.
 */
const fixture = readTtrFixture('ttr-reference.json');

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
    const compared = expectMatchesTtr(fixture, ours);
    expect(compared).toBeGreaterThan(1_000);
  });

  it('agree for OBV and the Keltner channel (EMA 20 of the typical price ± 2 ATR 20), zero volumes included', () => {
    const volumeFixture = readTtrFixture('ttr-keltner-obv.json');
    const rows = readMarketRows('BTC/USDC');
    expect(rows).toHaveLength(volumeFixture.candles);
    const obv = new OnBalanceVolume();
    const keltner = new KeltnerChannel(20, 2);
    const ours = rows.map((r) => {
      const bar = { high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) };
      const k = keltner.update(bar);
      return [obv.update(bar), k?.lower, keltner.average, k?.upper];
    });
    expect(expectMatchesTtr(volumeFixture, ours)).toBeGreaterThan(800);
  });
});
