import type { Candle } from '@roottrading/contracts';
import type { CandleRow } from '@roottrading/db';
import type { Bar } from './strategies/types.js';

/** A bus candle as numbers, converted once and shared by every strategy. */
export function barFromCandle(candle: Candle): Bar {
  return {
    startTime: candle.startTime,
    open: Number(candle.open),
    high: Number(candle.high),
    low: Number(candle.low),
    close: Number(candle.close),
    volume: Number(candle.volume),
  };
}

/** A stored candle (NUMERIC columns come back as strings) as numbers, for the warm-up. */
export function barFromRow(row: CandleRow): Bar {
  return {
    startTime: new Date(row.open_time).getTime(),
    open: Number(row.open),
    high: Number(row.high),
    low: Number(row.low),
    close: Number(row.close),
    volume: Number(row.volume),
  };
}
