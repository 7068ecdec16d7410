import { z } from 'zod';
import { int, num } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { RelativeStrengthIndex } from '../indicators/rsi.js';
import { SwingLows, type SwingLow } from '../indicators/swing-low.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { defineStrategy, type Bar } from './types.js';

const paramsSchema = z
  .object({
    RSI_DIV_WINDOW: int(14, 2, 1_000),
    /** Bars each side of a swing low: it is known that many bars after it. */
    RSI_DIV_SWING: int(3, 1, 100),
    /** Most bars between the two swing lows compared. */
    RSI_DIV_LOOKBACK: int(40, 2, 10_000),
    RSI_DIV_EXIT: num(50, 1, 99),
    RSI_DIV_TIMEFRAME: timeframeField('15m'),
  })
  .refine((env) => env.RSI_DIV_LOOKBACK > env.RSI_DIV_SWING, {
    path: ['RSI_DIV_LOOKBACK'],
    message: 'must be larger than RSI_DIV_SWING',
  })
  .transform((env) => ({
    window: env.RSI_DIV_WINDOW,
    swing: env.RSI_DIV_SWING,
    lookback: env.RSI_DIV_LOOKBACK,
    exit: env.RSI_DIV_EXIT,
    timeframe: env.RSI_DIV_TIMEFRAME,
  }));

type RsiDivergenceParams = z.output<typeof paramsSchema>;

/**
 * Bullish RSI divergence: BUY when a swing low (confirmed RSI_DIV_SWING bars after it, so no
 * look-ahead) is lower than the previous one within RSI_DIV_LOOKBACK bars while the RSI at it is
 * higher — the selling is losing strength — unless the RSI is already above RSI_DIV_EXIT by the
 * time the swing is confirmed (the bounce it bets on is then over). SELL, after a BUY, when the RSI
 * crosses above RSI_DIV_EXIT: only the position this strategy opened is exited, so it sends no SELL the trader
 * would refuse as flat (nor a second BUY while it holds). Stops and targets are the engine's protections (RSI_DIV_STOP_LOSS, …).
 */
export const rsiDivergenceStrategy = defineStrategy<RsiDivergenceParams>({
  name: 'RSI_Divergence',
  protectionPrefix: 'RSI_DIV',
  description: 'a lower swing low with a higher RSI (BUY); the RSI back above the exit level (SELL)',
  paramsSchema,
  // The RSI's ten windows (as RSI_Strategy), plus room for both swing lows to be seen again.
  warmupCandles: (p) => 10 * p.window + p.lookback + p.swing + 2,
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const rsi = new RelativeStrengthIndex(params.window);
    const swings = new SwingLows<number | undefined>(params.swing);
    let bars = 0;
    let last: (SwingLow<number | undefined> & { at: number }) | undefined;
    let previous: typeof last;
    let previousRsi: number | undefined;
    let holding = false;
    return {
      update(bar: Bar): Side | null {
        previousRsi = rsi.value;
        const now = rsi.update(bar.close);
        const swing = swings.update(bar.low, now);
        bars++;
        if (swing?.tag !== undefined) {
          previous = last;
          last = { ...swing, at: bars - swing.barsAgo };
          const diverged =
            !holding &&
            previous?.tag !== undefined &&
            last.at - previous.at <= params.lookback &&
            last.low < previous.low &&
            last.tag! > previous.tag &&
            now !== undefined &&
            now <= params.exit;
          if (diverged) {
            holding = true;
            return 'BUY';
          }
        }
        if (
          holding &&
          previousRsi !== undefined &&
          now !== undefined &&
          previousRsi <= params.exit &&
          now > params.exit
        ) {
          holding = false;
          return 'SELL';
        }
        return null;
      },
      metadata: () => ({
        rsi: rsi.value ?? null,
        previousRsi: previousRsi ?? null,
        swingLow: last?.low ?? null,
        swingRsi: last?.tag ?? null,
        previousSwingLow: previous?.low ?? null,
        previousSwingRsi: previous?.tag ?? null,
        swingDistance: last && previous ? last.at - previous.at : null,
        ...params,
      }),
    };
  },
});
