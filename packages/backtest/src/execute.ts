import { ConfigError } from '@roottrading/config';
import { intervalToMs, type Candle } from '@roottrading/contracts';
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
  /** Files: how the report names them instead of their directory (the backtest service does not show its paths). */
  dataLabel?: string;
  period: Period;
  /** Database: an open database (else one is opened at DATABASE_URL for the run). */
  db?: Db;
  /** Walk-forward windows: warm the indicators up on the candles before `period.from` (never traded). */
  warmUp?: boolean;
  /** Walk-forward windows: sell what is still open at the last close. */
  closeAtEnd?: boolean;
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
  return withSetup(env, job, async ({ resolved, intervalMs, open }) => {
    const { settings } = resolved;
    // A walk-forward window warms its indicators up on the candles just before it.
    const from = job.period.from;
    const warmup =
      job.warmUp && from !== undefined ? Math.max(0, ...resolved.setup.strategies.map((s) => s.warmupCandles)) : 0;
    const feed = await open(warmup > 0 ? { ...job.period, from: from! - warmup * intervalMs } : job.period);
    job.onStart?.(feed.total);
    const backtest = new Backtest({
      ...resolved.setup,
      progressEvery: 5_000,
      ...(job.onProgress ? { onProgress: job.onProgress } : {}),
    });
    const take = (batch: Candle[]) =>
      warmup > 0 && batch[0]!.startTime < from! ? backtest.warm(batch) : backtest.step(batch);
    if (Symbol.asyncIterator in feed.batches) for await (const batch of feed.batches) take(batch);
    else for (const batch of feed.batches) take(batch);
    if (job.closeAtEnd) backtest.closeAll();
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
  });
}

/** The first and last open time the job's candles span, without running it. */
export async function spanOf(
  env: Record<string, string | undefined>,
  job: BacktestJob,
): Promise<{ first: number; last: number; intervalMs: number } | null> {
  return withSetup(env, job, async ({ intervalMs, open }) => {
    const feed = await open(job.period);
    return feed.span ? { ...feed.span, intervalMs } : null;
  });
}

interface SetupContext {
  resolved: ReturnType<typeof resolveSetup>;
  intervalMs: number;
  /** The job's candles over a period. */
  open: (period: Period) => Promise<CandleFeed>;
}

/** Settings resolved and a database opened for the job (when its candles are there), closed after. */
async function withSetup<T>(
  env: Record<string, string | undefined>,
  job: BacktestJob,
  use: (ctx: SetupContext) => Promise<T>,
): Promise<T> {
  const resolved = resolveSetup(env, job);
  const { settings } = resolved;
  const intervalMs = intervalToMs(settings.INTERVAL);
  const source = sourceOf(job.source, resolved.env);
  const owned = source === 'database' && !job.db ? createDb(settings.DATABASE_URL, { max: 1 }) : null;
  try {
    return await use({
      resolved,
      intervalMs,
      open: (period) =>
        feedOf(
          source,
          { ...job, period },
          resolved.env,
          settings.SYMBOLS,
          settings.INTERVAL,
          intervalMs,
          job.db ?? owned,
        ),
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
      return fileFeed(dir, symbols, interval, intervalMs, job.period, job.dataLabel);
    }
    case 'synthetic':
      return syntheticFeed(env, symbols, interval, intervalMs, job.period);
    case 'database':
      return databaseFeed(db!, symbols, interval, intervalMs, job.period);
  }
}
