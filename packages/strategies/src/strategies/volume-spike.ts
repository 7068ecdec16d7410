import { z } from 'zod';
import { int, num } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { DonchianChannel } from '../indicators/donchian.js';
import { ExponentialMovingAverage } from '../indicators/ema.js';
import { SimpleMovingAverage } from '../indicators/sma.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { exponentialWarmup } from './crossing.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    VOLUME_SPIKE_WINDOW: int(20, 1, 10_000),
    VOLUME_SPIKE_FACTOR: num(3, 1, 100),
    VOLUME_SPIKE_BREAKOUT: int(20, 1, 10_000),
    VOLUME_SPIKE_EXIT: int(10, 1, 10_000),
    /** An EMA period to exit under instead of the VOLUME_SPIKE_EXIT low; 0 = the low. */
    VOLUME_SPIKE_EXIT_EMA: int(0, 0, 10_000),
    VOLUME_SPIKE_TIMEFRAME: timeframeField('5m'),
  })
  .transform((env) => ({
    window: env.VOLUME_SPIKE_WINDOW,
    factor: env.VOLUME_SPIKE_FACTOR,
    breakout: env.VOLUME_SPIKE_BREAKOUT,
    exit: env.VOLUME_SPIKE_EXIT,
    exitEma: env.VOLUME_SPIKE_EXIT_EMA,
    timeframe: env.VOLUME_SPIKE_TIMEFRAME,
  }));

type VolumeSpikeParams = z.output<typeof paramsSchema>;

/**
 * Momentum on a volume spike: BUY when a bar's volume is over VOLUME_SPIKE_FACTOR × the mean volume
 * of the VOLUME_SPIKE_WINDOW bars before it and its close breaks above the highest high of the
 * VOLUME_SPIKE_BREAKOUT bars before it — a breakout that many traders took part in. SELL, after a
 * BUY, on a close under the lowest low of the VOLUME_SPIKE_EXIT bars before it (or under the
 * VOLUME_SPIKE_EXIT_EMA EMA of closes when set). The mean is of earlier bars only, so the spike does
 * not raise its own bar; a mean volume of 0 (a market that did not trade) makes no spike at all.
 */
export const volumeSpikeStrategy = defineStrategy<VolumeSpikeParams>({
  name: 'Volume_Spike',
  protectionPrefix: 'VOLUME_SPIKE',
  description:
    'volume over k × its mean with a close over the prior N-bar high (BUY); a close under the exit low (SELL)',
  paramsSchema,
  warmupCandles: (p) => Math.max(p.window, p.breakout, p.exit, exponentialWarmup(p.exitEma)) + 2,
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const volumes = new SimpleMovingAverage(params.window);
    const entry = new DonchianChannel(params.breakout);
    const exit = new DonchianChannel(params.exit);
    const ema = params.exitEma > 0 ? new ExponentialMovingAverage(params.exitEma) : undefined;
    let meanVolume: number | undefined;
    let upper: number | undefined;
    let lower: number | undefined;
    let last: Bar | undefined;
    let holding = false;
    return {
      update(bar: Bar): Side | null {
        // The bars before this one.
        meanVolume = volumes.value;
        upper = entry.value?.upper;
        lower = ema ? undefined : exit.value?.lower;
        last = bar;
        volumes.update(bar.volume);
        entry.update(bar);
        exit.update(bar);
        if (ema) lower = ema.update(bar.close);
        const spike = meanVolume !== undefined && meanVolume > 0 && bar.volume > params.factor * meanVolume;
        if (!holding && spike && upper !== undefined && bar.close > upper) {
          holding = true;
          return 'BUY';
        }
        if (holding && lower !== undefined && bar.close < lower) {
          holding = false;
          return 'SELL';
        }
        return null;
      },
      metadata: () => ({
        close: last?.close ?? null,
        volume: last?.volume ?? null,
        meanVolume: meanVolume ?? null,
        upper: upper ?? null,
        lower: lower ?? null,
        ...params,
      }),
    };
  },
});
