import { z } from 'zod';
import { decimalString } from './decimal.js';
import { intervalSchema } from './intervals.js';
import { symbolSchema } from './symbols.js';

/** One candle for a chart: times in epoch ms (as on the bus and in lightweight-charts), money as decimal strings. */
export const chartCandleSchema = z.object({
  startTime: z.number().int(),
  closeTime: z.number().int(),
  open: decimalString,
  high: decimalString,
  low: decimalString,
  close: decimalString,
  volume: decimalString,
});
export type ChartCandle = z.infer<typeof chartCandleSchema>;

export const candlesResponseSchema = z.object({
  symbol: symbolSchema,
  interval: intervalSchema,
  /**
   * Where these candles came from ("ccxt:binance", "replay", "synthetic"), so simulated prices are
   * never taken for real ones; comma-separated in order of appearance if the range spans a change of
   * source; null when there are none.
   */
  source: z.string().nullable(),
  /** Oldest first. */
  candles: z.array(chartCandleSchema),
});
export type CandlesResponse = z.infer<typeof candlesResponseSchema>;
