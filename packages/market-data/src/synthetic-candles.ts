import type { Candle } from '@roottrading/contracts';
import { RandomWalk } from './synthetic-walk.js';

export interface SyntheticOptions {
  symbols: readonly string[];
  interval: string;
  intervalMs: number;
  seed: number;
  startPrice: number;
  tick: string;
  volatility: number;
  /** First candle's open time (aligned down to the interval). */
  startTime: number;
  /** Candles per symbol, 0 = endless. */
  count: number;
}

/**
 * The seeded walk's candles, one batch per open time in SYMBOLS order: the same seed and start time
 * give the same candles in the gateway's synthetic source and in a backtest.
 */
export function* syntheticCandles(opts: SyntheticOptions, source = 'synthetic'): Generator<Candle[]> {
  const first = Math.floor(opts.startTime / opts.intervalMs) * opts.intervalMs;
  const walks = opts.symbols.map((symbol) => ({
    symbol,
    walk: new RandomWalk({
      symbol,
      seed: opts.seed,
      startPrice: opts.startPrice,
      tick: opts.tick,
      volatility: opts.volatility,
    }),
  }));
  for (let i = 0; opts.count === 0 || i < opts.count; i++) {
    const startTime = first + i * opts.intervalMs;
    yield walks.map(({ symbol, walk }) => ({
      symbol,
      interval: opts.interval,
      startTime,
      closeTime: startTime + opts.intervalMs - 1,
      ...walk.next(),
      source,
    }));
  }
}
