import type { Candle } from '@roottrading/contracts';
import type { Bar, StrategyDefinition, StrategyMachine, TimeframeView } from '../strategies/types.js';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2023, 2, 1);

/** Bars for hand-built close sequences, one minute apart. */
export function barsFrom(closes: number[], start = T0): Bar[] {
  return closes.map((close, i) => ({
    startTime: start + i * MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 0,
  }));
}

/** A valid bus candle with the given close (a string, as on the bus). */
export function candleAt(index: number, close: number | string, symbol = 'BTC/USDC', start = T0): Candle {
  const c = String(close);
  return {
    symbol,
    interval: '1m',
    startTime: start + index * MINUTE,
    closeTime: start + (index + 1) * MINUTE - 1,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: '0',
    source: 'test',
  };
}

/** The view of a strategy that reads no other timeframe. */
export const noView: TimeframeView = { closed: () => undefined };

/** Runs a fresh machine over the closes; returns its decision for each one. */
export function decisions(machine: StrategyMachine, closes: number[]): (string | null)[] {
  return barsFrom(closes).map((bar) => machine.update(bar, noView));
}

/** Parses a definition's params from the given env (defaults for the rest). */
export function paramsOf(definition: StrategyDefinition, env: Record<string, string> = {}) {
  return definition.paramsSchema.parse(env);
}
