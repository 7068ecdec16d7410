import type { Candle } from '@roottrading/contracts';
import type { CrossSection, MultiSymbolMachine } from '../strategies/multi-symbol-types.js';
import type { Bar } from '../strategies/types.js';
import { candleAt } from './candles.js';

/** A bar of one close (open = high = low = close). */
export const flatBar = (startTime: number, close: number): Bar => ({
  startTime,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

/**
 * Cross-sections from a table of closes per symbol, one column per step `stepMs` apart from `start`;
 * a null is a symbol with no candle then (absent from that cross-section).
 */
export function sections(closes: Record<string, (number | null)[]>, start: number, stepMs: number): CrossSection[] {
  const length = Math.max(...Object.values(closes).map((c) => c.length));
  return Array.from({ length }, (_, i) => {
    const openTime = start + i * stepMs;
    const bars = new Map<string, Bar>();
    for (const [symbol, series] of Object.entries(closes)) {
      const close = series[i];
      if (close !== null && close !== undefined) bars.set(symbol, flatBar(openTime, close));
    }
    return { openTime, bars };
  });
}

/** Steps a machine over the sections; returns "index:symbol:side" for every decision. */
export function stepAll(machine: MultiSymbolMachine, all: CrossSection[]): string[] {
  return all.flatMap((s, i) => machine.step(s).map((d) => `${i}:${d.symbol}:${d.side}`));
}

/** The bus candles of a closes table (minutes from `start`), one list per open time in SYMBOLS order. */
export function candleBatches(closes: Record<string, (number | null)[]>, start: number): Candle[][] {
  const length = Math.max(...Object.values(closes).map((c) => c.length));
  return Array.from({ length }, (_, i) =>
    Object.entries(closes).flatMap(([symbol, series]) => {
      const close = series[i];
      return close === null || close === undefined ? [] : [candleAt(i, close, symbol, start)];
    }),
  );
}
