import { z } from 'zod';
import { int, num } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { BollingerBands, type BollingerValue } from '../indicators/bollinger.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    BB_WINDOW: int(20, 2, 10_000),
    BB_STD: num(2, 0.1, 10),
  })
  .transform((env) => ({ window: env.BB_WINDOW, stdMultiplier: env.BB_STD }));

type BollingerParams = z.output<typeof paramsSchema>;

/**
 * Mean reversion on Bollinger Bands (population σ): BUY when the close comes back inside from below
 * the lower band (previous close < previous lower, now close ≥ lower), SELL when it comes back inside
 * from above the upper band. On a flat window σ is exactly 0 and the close sits on both bands, so
 * neither condition can hold.
 */
export const bollingerStrategy = defineStrategy<BollingerParams>({
  name: 'Bollinger_Bands',
  protectionPrefix: 'BB',
  description: 'close returning inside the bands from below (BUY) or from above (SELL)',
  paramsSchema,
  warmupCandles: (p) => p.window + 1,
  create(params) {
    const bands = new BollingerBands(params.window, params.stdMultiplier);
    let previous: BollingerValue | undefined;
    let previousClose = Number.NaN;
    let close = Number.NaN;
    return {
      update(bar: Bar): Side | null {
        previous = bands.value;
        previousClose = close;
        close = bar.close;
        const now = bands.update(close);
        if (previous === undefined || now === undefined) return null;
        if (previousClose < previous.lower && close >= now.lower) return 'BUY';
        if (previousClose > previous.upper && close <= now.upper) return 'SELL';
        return null;
      },
      metadata: () => ({
        close,
        previousClose: Number.isNaN(previousClose) ? null : previousClose,
        middle: bands.value?.middle ?? null,
        upper: bands.value?.upper ?? null,
        lower: bands.value?.lower ?? null,
        stdDev: bands.value?.stdDev ?? null,
        previousUpper: previous?.upper ?? null,
        previousLower: previous?.lower ?? null,
        ...params,
      }),
    };
  },
});
