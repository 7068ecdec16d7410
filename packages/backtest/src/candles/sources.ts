import { z } from 'zod';
import { ConfigError, parseEnv } from '@roottrading/config';
import type { Candle } from '@roottrading/contracts';
import { byOpenTime, loadReplayFiles, syntheticCandles, syntheticEnv } from '@roottrading/market-data';

/** Open times a backtest covers: from (inclusive) to (exclusive), either open. */
export interface Period {
  from?: number;
  to?: number;
}

export interface CandleFeed {
  /** What the candles are, for the report. */
  source: string;
  /** How many candles there are, when known up front (for the progress bar's ETA). */
  total: number | null;
  /** The first and last open time, when known up front (a walk-forward splits this span). */
  span: { first: number; last: number } | null;
  batches: Iterable<Candle[]> | AsyncIterable<Candle[]>;
}

const inPeriod = (t: number, p: Period) => (p.from === undefined || t >= p.from) && (p.to === undefined || t < p.to);

/** The replay files of `dir` (the gateway's REPLAY_DIR rules), in market order, within the period. */
export async function fileFeed(
  dir: string,
  symbols: readonly string[],
  interval: string,
  intervalMs: number,
  period: Period,
  /** How the report names the files: their directory unless the caller must not show it (a service). */
  label?: string,
): Promise<CandleFeed> {
  const files = await loadReplayFiles(dir, symbols, interval, intervalMs);
  let total = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const s of files.series) {
    for (const c of s.candles) {
      if (!inPeriod(c.startTime, period)) continue;
      total++;
      first = Math.min(first, c.startTime);
      last = Math.max(last, c.startTime);
    }
  }
  function* batches(): Generator<Candle[]> {
    for (const due of byOpenTime(files.series)) {
      const t = due[0]!.candle.startTime;
      if (!inPeriod(t, period)) {
        if (period.to !== undefined && t >= period.to) return;
        continue;
      }
      yield due.map(({ series, candle }) => ({
        symbol: series.symbol,
        interval,
        startTime: candle.startTime,
        closeTime: candle.startTime + intervalMs - 1,
        open: candle.open,
        high: candle.high,
        low: candle.low,
        close: candle.close,
        volume: candle.volume,
        source: 'replay',
      }));
    }
  }
  return { source: `files ${label ?? files.dir}`, total, span: total > 0 ? { first, last } : null, batches: batches() };
}

const syntheticSchema = z.object(syntheticEnv);

/**
 * The gateway's seeded walk (SYNTHETIC_SEED, SYNTHETIC_START_TIME, …) from the same variables:
 * SYNTHETIC_COUNT candles per symbol, or up to --to; --from starts the walk later (the same seed
 * from another start is another walk, as in the gateway).
 */
export function syntheticFeed(
  env: Record<string, string | undefined>,
  symbols: readonly string[],
  interval: string,
  intervalMs: number,
  period: Period,
): CandleFeed {
  const s = parseEnv(syntheticSchema, env);
  if (s.SYNTHETIC_START_TIME === 'now' && period.from === undefined) {
    throw new ConfigError(
      'config: SYNTHETIC_START_TIME=now would make every backtest different; give --from or a fixed time',
    );
  }
  const start = period.from ?? (s.SYNTHETIC_START_TIME as number);
  const first = Math.floor(start / intervalMs) * intervalMs;
  const untilTo = period.to === undefined ? 0 : Math.max(0, Math.ceil((period.to - first) / intervalMs));
  const count =
    s.SYNTHETIC_COUNT === 0 ? untilTo : untilTo === 0 ? s.SYNTHETIC_COUNT : Math.min(untilTo, s.SYNTHETIC_COUNT);
  if (count === 0) {
    throw new ConfigError('config: a synthetic backtest needs an end: SYNTHETIC_COUNT (candles per symbol) or --to');
  }
  const batches = syntheticCandles(
    {
      symbols,
      interval,
      intervalMs,
      seed: s.SYNTHETIC_SEED,
      startPrice: s.SYNTHETIC_START_PRICE,
      tick: s.SYNTHETIC_TICK,
      volatility: s.SYNTHETIC_VOLATILITY,
      startTime: first,
      count,
    },
    'synthetic',
  );
  return {
    source: `synthetic seed ${s.SYNTHETIC_SEED}`,
    total: count * symbols.length,
    span: { first, last: first + (count - 1) * intervalMs },
    batches,
  };
}
