import { z } from 'zod';
import { intervalToMs } from '@roottrading/contracts';

/** The timeframes a strategy may run on or read, besides the base interval itself. */
export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/**
 * A strategy's timeframe variable (EMA_CROSS_TIMEFRAME=1d, …). Only up to a day: UTC days divide the
 * epoch evenly, so every one of these starts at a multiple of its own length from 1970-01-01 00:00
 * UTC (a week would start on a Thursday).
 */
export const timeframeField = (fallback: Timeframe) =>
  z.enum(TIMEFRAMES, { message: `must be one of ${TIMEFRAMES.join(', ')}` }).default(fallback);

/** The start of the `timeframeMs` period holding `time`, on UTC boundaries. */
export function periodStart(time: number, timeframeMs: number): number {
  return Math.floor(time / timeframeMs) * timeframeMs;
}

/**
 * Its length in ms; throws (a RangeError saying what it must be, for the caller to name the setting)
 * unless `timeframe` is a whole multiple of the base interval that divides a day: bars are built only
 * from whole base candles, so a 1h bar cannot come from 7-minute candles.
 */
export function checkTimeframe(timeframe: string, baseInterval: string): number {
  const ms = intervalToMs(timeframe);
  const baseMs = intervalToMs(baseInterval);
  if (ms < baseMs || ms % baseMs !== 0 || ms > DAY_MS || DAY_MS % ms !== 0) {
    throw new RangeError(`must be a whole multiple of INTERVAL (${baseInterval}) that divides a day`);
  }
  return ms;
}

const DAY_MS = 86_400_000;
