import { z } from 'zod';
import { int, num } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { Supertrend, type SupertrendValue } from '../indicators/supertrend.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    SUPERTREND_ATR_WINDOW: int(10, 1, 1_000),
    SUPERTREND_MULTIPLIER: num(3, 0.1, 20),
    SUPERTREND_TIMEFRAME: timeframeField('1h'),
  })
  .transform((env) => ({
    atrWindow: env.SUPERTREND_ATR_WINDOW,
    multiplier: env.SUPERTREND_MULTIPLIER,
    timeframe: env.SUPERTREND_TIMEFRAME,
  }));

type SupertrendParams = z.output<typeof paramsSchema>;

/** Supertrend flips: BUY when the trend turns up (a close over the upper band), SELL when it turns down. */
export const supertrendStrategy = defineStrategy<SupertrendParams>({
  name: 'Supertrend',
  protectionPrefix: 'SUPERTREND',
  description: 'Supertrend turning up (BUY) or down (SELL)',
  paramsSchema,
  // Wilder's ATR remembers its seed for long, as the RSI does: ten windows, as protections replay.
  warmupCandles: (p) => 10 * p.atrWindow + 2,
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const st = new Supertrend(params.atrWindow, params.multiplier);
    let previous: SupertrendValue | undefined;
    let close: number | undefined;
    return {
      update(bar: Bar): Side | null {
        previous = st.value;
        close = bar.close;
        const now = st.update(bar);
        if (previous === undefined || now === undefined || previous.direction === now.direction) return null;
        return now.direction === 1 ? 'BUY' : 'SELL';
      },
      metadata: () => ({
        supertrend: st.value?.value ?? null,
        direction: st.value?.direction ?? null,
        previousDirection: previous?.direction ?? null,
        upper: st.value?.upper ?? null,
        lower: st.value?.lower ?? null,
        close: close ?? null,
        ...params,
      }),
    };
  },
});
