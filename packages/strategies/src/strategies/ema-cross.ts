import { z } from 'zod';
import { int } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { ExponentialMovingAverage } from '../indicators/ema.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { crossing, exponentialWarmup } from './crossing.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    EMA_FAST: int(21, 1, 10_000),
    EMA_SLOW: int(50, 2, 10_000),
    EMA_TIMEFRAME: timeframeField('1d'),
  })
  .refine((env) => env.EMA_FAST < env.EMA_SLOW, { path: ['EMA_FAST'], message: 'must be smaller than EMA_SLOW' })
  .transform((env) => ({ fast: env.EMA_FAST, slow: env.EMA_SLOW, timeframe: env.EMA_TIMEFRAME }));

type EmaCrossParams = z.output<typeof paramsSchema>;

/**
 * Trend following on two exponential averages of daily closes (by default): BUY when the fast EMA
 * crosses above the slow one, SELL when it crosses back below. Slow to act by design: it aims at the
 * trend of weeks, not at the noise of the day.
 */
export const emaCrossStrategy = defineStrategy<EmaCrossParams>({
  name: 'EMA_Cross',
  protectionPrefix: 'EMA',
  description: 'fast EMA crossing above (BUY) or below (SELL) the slow EMA, on daily bars by default',
  paramsSchema,
  warmupCandles: (p) => exponentialWarmup(p.slow),
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const fast = new ExponentialMovingAverage(params.fast);
    const slow = new ExponentialMovingAverage(params.slow);
    let previousFast: number | undefined;
    let previousSlow: number | undefined;
    return {
      update(bar: Bar): Side | null {
        previousFast = fast.value;
        previousSlow = slow.value;
        const f = fast.update(bar.close);
        const s = slow.update(bar.close);
        if (previousFast === undefined || previousSlow === undefined || f === undefined || s === undefined) return null;
        const crossed = crossing(previousFast, previousSlow, f, s);
        return crossed === 'up' ? 'BUY' : crossed === 'down' ? 'SELL' : null;
      },
      metadata: () => ({
        fastEma: fast.value ?? null,
        slowEma: slow.value ?? null,
        previousFastEma: previousFast ?? null,
        previousSlowEma: previousSlow ?? null,
        ...params,
      }),
    };
  },
});
