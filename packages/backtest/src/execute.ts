import { ConfigError } from '@roottrading/config';
import { intervalToMs } from '@roottrading/contracts';
import { createDb, type Db } from '@roottrading/db';
import { databaseFeed } from './candles/database.js';
import { fileFeed, syntheticFeed, type CandleFeed, type Period } from './candles/sources.js';
import { buildReport, type BacktestReport } from './report.js';
import { Backtest } from './run.js';
import { resolveSetup, type BacktestChoice } from './setup.js';

export type CandleSource = 'files' | 'synthetic' | 'database';

export interface BacktestJob extends BacktestChoice {
  /** Where the candles come from; without one, MARKET_SOURCE decides. */
  source?: CandleSource | null;
  /** Files: the directory (else REPLAY_DIR). */
  data?: string;
  period: Period;
  /** Database: an open database (else one is opened at DATABASE_URL for the run). */
  db?: Db;
  /** The total when known (from the feed), then candles done as they go. */
  onStart?: (total: number | null) => void;
  onProgress?: (done: number) => void;
}

/**
 * One backtest from settings to report: the candles of the chosen source, stepped through the
 * strategies and the engine, reported. `pnpm backtest` and the backtest service's workers both run
 * exactly this.
 */
export async function executeBacktest(
  env: Record<string, string | undefined>,
  job: BacktestJob,
): Promise<BacktestReport> {
  const resolved = resolveSetup(env, job);
  const { settings } = resolved;
  const intervalMs = intervalToMs(settings.INTERVAL);
  const source = sourceOf(job.source, resolved.env);
  const owned = source === 'database' && !job.db ? createDb(settings.DATABASE_URL, { max: 1 }) : null;
  try {
    const feed = await feedOf(
      source,
      job,
      resolved.env,
      settings.SYMBOLS,
      settings.INTERVAL,
      intervalMs,
      job.db ?? owned,
    );
    job.onStart?.(feed.total);
    const backtest = new Backtest({
      ...resolved.setup,
      progressEvery: 5_000,
      ...(job.onProgress ? { onProgress: job.onProgress } : {}),
    });
    if (Symbol.asyncIterator in feed.batches) for await (const batch of feed.batches) backtest.step(batch);
    else for (const batch of feed.batches) backtest.step(batch);
    const run = backtest.finish();
    return buildReport(run, {
      source: feed.source,
      symbols: settings.SYMBOLS,
      strategies: resolved.strategies.map((s) => s.name),
      strategySettings: resolved.strategies,
      interval: settings.INTERVAL,
      from: job.period.from === undefined ? null : new Date(job.period.from).toISOString(),
      to: job.period.to === undefined ? null : new Date(job.period.to).toISOString(),
      settings: resolved.given,
    });
  } finally {
    await owned?.destroy();
  }
}

function sourceOf(chosen: CandleSource | null | undefined, env: Record<string, string | undefined>): CandleSource {
  if (chosen) return chosen;
  const market = (env.MARKET_SOURCE ?? 'ccxt').trim().toLowerCase();
  return market === 'replay' ? 'files' : market === 'synthetic' ? 'synthetic' : 'database';
}

async function feedOf(
  source: CandleSource,
  job: BacktestJob,
  env: Record<string, string | undefined>,
  symbols: readonly string[],
  interval: string,
  intervalMs: number,
  db: Db | null,
): Promise<CandleFeed> {
  switch (source) {
    case 'files': {
      const dir = job.data ?? env.REPLAY_DIR;
      if (!dir) throw new ConfigError('give --data DIR (or set REPLAY_DIR) to backtest candle files');
      return fileFeed(dir, symbols, interval, intervalMs, job.period);
    }
    case 'synthetic':
      return syntheticFeed(env, symbols, interval, intervalMs, job.period);
    case 'database':
      return databaseFeed(db!, symbols, interval, intervalMs, job.period);
  }
}
