import { writeFile } from 'node:fs/promises';
import { ConfigError } from '@roottrading/config';
import { intervalToMs } from '@roottrading/contracts';
import { createDb } from '@roottrading/db';
import { fileFeed, syntheticFeed, type CandleFeed, type Period } from './candles/sources.js';
import { databaseFeed } from './candles/database.js';
import { parseCliArgs, USAGE, type CliArgs } from './cli/args.js';
import { ProgressBar } from './cli/progress.js';
import { buildReport, tradesCsv, type BacktestReport } from './report.js';
import { textReport } from './report-text.js';
import { Backtest } from './run.js';
import { resolveSetup } from './setup.js';

export interface CommandIo {
  out: (text: string) => void;
  progress?: NodeJS.WriteStream;
}

/** `pnpm backtest …`: reads the settings and the candles, runs, prints the report, writes --json and --csv. */
export async function backtestCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CommandIo,
): Promise<BacktestReport | null> {
  const args = parseCliArgs(argv);
  if (args.help) {
    io.out(USAGE + '\n');
    return null;
  }
  const resolved = resolveSetup(env, {
    ...(args.symbols !== undefined ? { symbols: args.symbols } : {}),
    ...(args.strategies !== undefined ? { strategies: args.strategies } : {}),
  });
  const { settings } = resolved;
  const period: Period = {
    ...(args.from !== undefined ? { from: args.from } : {}),
    ...(args.to !== undefined ? { to: args.to } : {}),
  };
  const intervalMs = intervalToMs(settings.INTERVAL);
  const db = sourceOf(args, resolved.env) === 'database' ? createDb(settings.DATABASE_URL, { max: 1 }) : null;
  try {
    const feed = await feedOf(args, resolved.env, settings.SYMBOLS, settings.INTERVAL, intervalMs, period, db);
    const bar = new ProgressBar(feed.total, io.progress);
    const backtest = new Backtest({ ...resolved.setup, onProgress: (n) => bar.update(n), progressEvery: 5_000 });
    if (Symbol.asyncIterator in feed.batches) for await (const batch of feed.batches) backtest.step(batch);
    else for (const batch of feed.batches) backtest.step(batch);
    const run = backtest.finish();
    bar.done();
    const report = buildReport(run, {
      source: feed.source,
      symbols: settings.SYMBOLS,
      strategies: resolved.strategies.map((s) => s.name),
      strategySettings: resolved.strategies,
      interval: settings.INTERVAL,
      from: args.from === undefined ? null : new Date(args.from).toISOString(),
      to: args.to === undefined ? null : new Date(args.to).toISOString(),
      settings: resolved.given,
    });
    io.out(textReport(report));
    if (args.json) await writeFile(args.json, JSON.stringify(report, null, 2) + '\n');
    if (args.csv) await writeFile(args.csv, tradesCsv(report));
    return report;
  } finally {
    await db?.destroy();
  }
}

type Source = 'files' | 'synthetic' | 'database';

function sourceOf(args: CliArgs, env: Record<string, string | undefined>): Source {
  if (args.source) return args.source;
  const market = (env.MARKET_SOURCE ?? 'ccxt').trim().toLowerCase();
  return market === 'replay' ? 'files' : market === 'synthetic' ? 'synthetic' : 'database';
}

async function feedOf(
  args: CliArgs,
  env: Record<string, string | undefined>,
  symbols: readonly string[],
  interval: string,
  intervalMs: number,
  period: Period,
  db: ReturnType<typeof createDb> | null,
): Promise<CandleFeed> {
  switch (sourceOf(args, env)) {
    case 'files': {
      const dir = args.data ?? env.REPLAY_DIR;
      if (!dir) throw new ConfigError('give --data DIR (or set REPLAY_DIR) to backtest candle files');
      return fileFeed(dir, symbols, interval, intervalMs, period);
    }
    case 'synthetic':
      return syntheticFeed(env, symbols, interval, intervalMs, period);
    case 'database':
      return databaseFeed(db!, symbols, interval, intervalMs, period);
  }
}
