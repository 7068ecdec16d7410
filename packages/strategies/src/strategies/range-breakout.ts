import { z } from 'zod';
import { int, num } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { DonchianChannel, type DonchianValue } from '../indicators/donchian.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { defineStrategy, type Bar, type StrategyExits } from './types.js';

const paramsSchema = z
  .object({
    RANGE_WINDOW: int(20, 2, 10_000),
    /** The most a range may span, high to low, as a percentage of its low, to count as a consolidation. */
    RANGE_MAX_HEIGHT: num(1, 0.01, 100),
    RANGE_TIMEFRAME: timeframeField('15m'),
  })
  .transform((env) => ({ window: env.RANGE_WINDOW, maxHeight: env.RANGE_MAX_HEIGHT, timeframe: env.RANGE_TIMEFRAME }));

type RangeBreakoutParams = z.output<typeof paramsSchema>;

/**
 * Breakout of a consolidation: the RANGE_WINDOW bars before this one span at most RANGE_MAX_HEIGHT %
 * of their low (and more than nothing: a flat run is no range to project), and this bar closes above
 * their high → BUY, with its own exits on the signal: the target the range's height projected above
 * its high, the stop its low (the other side of the range). A close already past the target is no
 * entry: the move it bets on has happened. SELL, after a BUY, on a close back under that range's low;
 * a bar reaching the stop or the target (the engine has exited there) ends the position silently.
 */
export const rangeBreakoutStrategy = defineStrategy<RangeBreakoutParams>({
  name: 'Range_Breakout',
  protectionPrefix: 'RANGE',
  description: 'close above a tight N-bar range (BUY, target its height above, stop under it); back under it (SELL)',
  paramsSchema,
  warmupCandles: (p) => p.window + 2,
  timeframes: (p) => ({ primary: p.timeframe }),
  create(params) {
    const channel = new DonchianChannel(params.window);
    let range: DonchianValue | undefined;
    let close: number | undefined;
    /** The range the last BUY broke out of (kept after its SELL, for the metadata). */
    let entered: DonchianValue | undefined;
    let holding = false;
    /** The exits of this bar's BUY (none otherwise), and those of the position it holds. */
    let exits: StrategyExits | undefined;
    let held: StrategyExits | undefined;
    return {
      update(bar: Bar): Side | null {
        // The range of the bars before this one.
        range = channel.value;
        close = bar.close;
        channel.update(bar);
        exits = undefined;
        if (!holding && range !== undefined) {
          const height = range.upper - range.lower;
          const tight = height > 0 && height <= (params.maxHeight / 100) * range.lower;
          const target = range.upper + height;
          if (tight && bar.close > range.upper && bar.close < target) {
            entered = range;
            holding = true;
            exits = held = { stopLoss: range.lower, takeProfit: target };
            return 'BUY';
          }
        }
        if (!holding) return null;
        if (bar.close < entered!.lower) {
          holding = false;
          return 'SELL';
        }
        // The engine's stop or target has closed the position on this bar: free to BUY the next breakout.
        if (bar.low <= held!.stopLoss! || bar.high >= held!.takeProfit!) holding = false;
        return null;
      },
      exits: () => exits,
      metadata: () => ({
        close: close ?? null,
        rangeHigh: range?.upper ?? null,
        rangeLow: range?.lower ?? null,
        enteredHigh: entered?.upper ?? null,
        enteredLow: entered?.lower ?? null,
        ...params,
      }),
    };
  },
});
