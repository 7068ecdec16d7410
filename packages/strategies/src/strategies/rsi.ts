import { z } from 'zod';
import { int, num } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { RelativeStrengthIndex } from '../indicators/rsi.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    RSI_WINDOW: int(14, 2, 1_000),
    RSI_OVERBOUGHT: num(70, 1, 99),
    RSI_OVERSOLD: num(30, 1, 99),
  })
  .refine((env) => env.RSI_OVERSOLD < env.RSI_OVERBOUGHT, {
    path: ['RSI_OVERSOLD'],
    message: 'must be below RSI_OVERBOUGHT',
  })
  .transform((env) => ({ window: env.RSI_WINDOW, overbought: env.RSI_OVERBOUGHT, oversold: env.RSI_OVERSOLD }));

type RsiParams = z.output<typeof paramsSchema>;

/**
 * Mean reversion on Wilder's RSI: BUY when it comes back up through the oversold line
 * (previous < oversold ≤ now), SELL when it comes back down through the overbought line
 * (previous > overbought ≥ now). Being beyond a line is not a signal; only the crossing back is.
 */
export const rsiStrategy = defineStrategy<RsiParams>({
  name: 'RSI_Strategy',
  protectionPrefix: 'RSI',
  description: 'RSI crossing back over the oversold (BUY) or under the overbought (SELL) line',
  paramsSchema,
  // Wilder smoothing remembers its seed for a long time: replaying ten windows makes the values after a
  // restart agree with those of an unbroken run to well under a thousandth of a point.
  warmupCandles: (p) => 10 * p.window + 2,
  create(params) {
    const rsi = new RelativeStrengthIndex(params.window);
    let previous: number | undefined;
    let current: number | undefined;
    return {
      update(bar: Bar): Side | null {
        previous = current;
        current = rsi.update(bar.close);
        if (previous === undefined || current === undefined) return null;
        if (previous < params.oversold && current >= params.oversold) return 'BUY';
        if (previous > params.overbought && current <= params.overbought) return 'SELL';
        return null;
      },
      metadata: () => ({ rsi: current ?? null, previousRsi: previous ?? null, ...params }),
    };
  },
});
