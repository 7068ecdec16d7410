import { intervalToMs } from '@roottrading/contracts';
import type { StrategyDefinition, StrategyParams } from '../strategies/types.js';
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
  const what = `${definition.name}'s timeframe`;
  const primary = declared.primary ?? baseInterval;
  const primaryMs = declared.primary ? checkTimeframe(declared.primary, baseInterval, what) : baseMs;
  let warmup = baseCandlesFor(definition.warmupCandles(params), primaryMs, baseMs);
  const timeframesMs = [primaryMs];
  for (const read of declared.reads ?? []) {
    const ms = checkTimeframe(read.timeframe, baseInterval, what);
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
