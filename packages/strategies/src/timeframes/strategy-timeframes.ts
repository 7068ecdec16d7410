import { intervalToMs } from '@roottrading/contracts';
import type { StrategyDefinition, StrategyParams } from '../strategies/types.js';
import { keysOf } from '../strategies/setting-names.js';
import { checkTimeframe } from './timeframes.js';

/** A strategy's timeframes resolved against the base interval, with its warm-up in base candles. */
export interface ResolvedTimeframes {
  /** The primary timeframe's name ("1d"), the base interval's when it declared none. */
  primary: string;
  primaryMs: number;
  /** It declared no primary timeframe: it runs on whatever base interval the analyzer is given. */
  onBase: boolean;
  /** Every timeframe it is stepped on or reads, in ms. */
  timeframesMs: number[];
  /** Base candles to replay so that its first live primary bar can signal. */
  warmupCandles: number;
}

/**
 * Base candles holding `bars` whole bars of `timeframeMs`: one more bar's worth when it is above the
 * base, as the oldest candles replayed may begin mid-period (that first bar is then partial).
 */
export function baseCandlesFor(bars: number, timeframeMs: number, baseMs: number): number {
  return timeframeMs === baseMs ? bars : (bars + 1) * (timeframeMs / baseMs);
}

/** Throws a RangeError naming the strategy when a timeframe is not a whole multiple of the base interval. */
export function resolveTimeframes(
  definition: StrategyDefinition,
  params: StrategyParams,
  baseInterval: string,
): ResolvedTimeframes {
  const baseMs = intervalToMs(baseInterval);
  const declared = definition.timeframes?.(params) ?? {};
  // The primary one is named by its variable (EMA_TIMEFRAME) when the strategy reads one.
  const variable = keysOf(definition.paramsSchema).find((k) => k.endsWith('TIMEFRAME'));
  const check = (timeframe: string, primary: boolean) => {
    try {
      return checkTimeframe(timeframe, baseInterval);
    } catch (err) {
      const name = primary && variable ? variable : `${definition.name}'s timeframe`;
      throw new RangeError(`${name} ${(err as Error).message} (got "${timeframe}")`);
    }
  };
  const primary = declared.primary ?? baseInterval;
  const primaryMs = declared.primary ? check(declared.primary, true) : baseMs;
  let warmup = baseCandlesFor(definition.warmupCandles(params), primaryMs, baseMs);
  const timeframesMs = [primaryMs];
  for (const read of declared.reads ?? []) {
    const ms = check(read.timeframe, false);
    timeframesMs.push(ms);
    warmup = Math.max(warmup, baseCandlesFor(read.bars, ms, baseMs));
  }
  return {
    primary,
    primaryMs,
    onBase: declared.primary === undefined,
    timeframesMs: [...new Set(timeframesMs)],
    warmupCandles: warmup,
  };
}
