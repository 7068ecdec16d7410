import { z } from 'zod';
import { int } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { SimpleMovingAverage } from '../indicators/sma.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    SHORT_WINDOW: int(10, 1, 10_000),
    LONG_WINDOW: int(30, 2, 10_000),
  })
  .refine((env) => env.SHORT_WINDOW < env.LONG_WINDOW, {
    path: ['SHORT_WINDOW'],
    message: 'must be smaller than LONG_WINDOW',
  })
  .transform((env) => ({ shortWindow: env.SHORT_WINDOW, longWindow: env.LONG_WINDOW }));

type SmaCrossParams = z.output<typeof paramsSchema>;

/**
 * Trend following on two simple moving averages: BUY when the short one crosses above the long one
 * (previous short ≤ previous long, now short > long), SELL on the opposite crossing.
 */
export const smaCrossStrategy = defineStrategy<SmaCrossParams>({
  name: 'SimpleMA_Cross',
  protectionPrefix: 'MA',
  description: 'short SMA crossing above (BUY) or below (SELL) the long SMA',
  paramsSchema,
  warmupCandles: (p) => p.longWindow + 1,
  create(params) {
    const short = new SimpleMovingAverage(params.shortWindow);
    const long = new SimpleMovingAverage(params.longWindow);
    let previousShort: number | undefined;
    let previousLong: number | undefined;
    return {
      update(bar: Bar): Side | null {
        previousShort = short.value;
        previousLong = long.value;
        const s = short.update(bar.close);
        const l = long.update(bar.close);
        if (previousShort === undefined || previousLong === undefined || s === undefined || l === undefined) {
          return null;
        }
        if (previousShort <= previousLong && s > l) return 'BUY';
        if (previousShort >= previousLong && s < l) return 'SELL';
        return null;
      },
      metadata: () => ({
        shortSma: short.value ?? null,
        longSma: long.value ?? null,
        previousShortSma: previousShort ?? null,
        previousLongSma: previousLong ?? null,
        ...params,
      }),
    };
  },
});
