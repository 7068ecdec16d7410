import type { Candle } from '@roottrading/contracts';
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
