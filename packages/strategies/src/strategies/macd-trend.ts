import { z } from 'zod';
import { int } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { ExponentialMovingAverage } from '../indicators/ema.js';
import { MovingAverageConvergenceDivergence, type MacdValue } from '../indicators/macd.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { crossing, exponentialWarmup } from './crossing.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    MACD_FAST: int(12, 1, 10_000),
    MACD_SLOW: int(26, 2, 10_000),
    MACD_SIGNAL: int(9, 1, 10_000),
    /** The trend filter's EMA period; 0 turns the filter off. */
    MACD_TREND: int(200, 0, 10_000),
    MACD_TIMEFRAME: timeframeField('1h'),
  })
  .refine((env) => env.MACD_FAST < env.MACD_SLOW, { path: ['MACD_FAST'], message: 'must be smaller than MACD_SLOW' })
  .transform((env) => ({
    fast: env.MACD_FAST,
    slow: env.MACD_SLOW,
    signal: env.MACD_SIGNAL,
    trend: env.MACD_TREND,
    timeframe: env.MACD_TIMEFRAME,
  }));

type MacdParams = z.output<typeof paramsSchema>;

/**
 * MACD crossing its signal line, buying only with the trend: BUY when the MACD line crosses above the
 * signal line while the close is above the trend EMA (MACD_TREND bars); SELL when it crosses below,
 * whatever the trend — a SELL is the exit of a long position, and an exit should not wait for a filter.
 */
export const macdTrendStrategy = defineStrategy<MacdParams>({
  name: 'MACD_Trend',
  protectionPrefix: 'MACD',
  description: 'MACD crossing above its signal line over the trend EMA (BUY), or below it (SELL)',
  paramsSchema,
  warmupCandles: (p) => exponentialWarmup(Math.max(p.slow + p.signal, p.trend)),
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const macd = new MovingAverageConvergenceDivergence(params.fast, params.slow, params.signal);
    const trend = params.trend > 0 ? new ExponentialMovingAverage(params.trend) : undefined;
    let previous: MacdValue | undefined;
    let close: number | undefined;
    return {
      update(bar: Bar): Side | null {
        previous = macd.value;
        close = bar.close;
        const now = macd.update(bar.close);
        const trendEma = trend?.update(bar.close);
        if (previous?.signal === undefined || now?.signal === undefined) return null;
        const crossed = crossing(previous.macd, previous.signal, now.macd, now.signal);
        if (crossed === 'down') return 'SELL';
        if (crossed !== 'up') return null;
        if (trend === undefined) return 'BUY';
        return trendEma !== undefined && bar.close > trendEma ? 'BUY' : null;
      },
      metadata: () => ({
        macd: macd.value?.macd ?? null,
        signalLine: macd.value?.signal ?? null,
        previousMacd: previous?.macd ?? null,
        previousSignalLine: previous?.signal ?? null,
        trendEma: trend?.value ?? null,
        close: close ?? null,
        ...params,
      }),
    };
  },
});
