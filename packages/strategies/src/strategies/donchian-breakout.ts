import { z } from 'zod';
import { int } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { DonchianChannel } from '../indicators/donchian.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    DONCHIAN_WINDOW: int(20, 1, 10_000),
    DONCHIAN_EXIT_WINDOW: int(10, 1, 10_000),
    DONCHIAN_TIMEFRAME: timeframeField('1h'),
  })
  .transform((env) => ({
    window: env.DONCHIAN_WINDOW,
    exitWindow: env.DONCHIAN_EXIT_WINDOW,
    timeframe: env.DONCHIAN_TIMEFRAME,
  }));

type DonchianParams = z.output<typeof paramsSchema>;

/**
 * Breakout of the Donchian channel (the turtles' rule): BUY when a close rises above the highest high
 * of the DONCHIAN_WINDOW bars before it, SELL when one falls below the lowest low of the
 * DONCHIAN_EXIT_WINDOW bars before it. Only the bar that breaks out signals, not every new high after
 * it; a close equal to the channel is no breakout, so a flat run never signals.
 */
export const donchianBreakoutStrategy = defineStrategy<DonchianParams>({
  name: 'Donchian_Breakout',
  protectionPrefix: 'DONCHIAN',
  description: 'close breaking above the prior N-bar high (BUY) or below the prior exit-window low (SELL)',
  paramsSchema,
  warmupCandles: (p) => Math.max(p.window, p.exitWindow) + 2,
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const entry = new DonchianChannel(params.window);
    const exit = new DonchianChannel(params.exitWindow);
    let upper: number | undefined;
    let lower: number | undefined;
    let close: number | undefined;
    let wasAbove: boolean | undefined;
    let wasBelow: boolean | undefined;
    return {
      update(bar: Bar): Side | null {
        // The channels of the bars before this one.
        upper = entry.value?.upper;
        lower = exit.value?.lower;
        close = bar.close;
        entry.update(bar);
        exit.update(bar);
        const previousAbove = wasAbove;
        const previousBelow = wasBelow;
        wasAbove = upper === undefined ? undefined : bar.close > upper;
        wasBelow = lower === undefined ? undefined : bar.close < lower;
        if (wasAbove && previousAbove === false) return 'BUY';
        if (wasBelow && previousBelow === false) return 'SELL';
        return null;
      },
      metadata: () => ({ close: close ?? null, upper: upper ?? null, lower: lower ?? null, ...params }),
    };
  },
});
