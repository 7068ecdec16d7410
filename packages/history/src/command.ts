import { z } from 'zod';
import { commonEnv, parseEnv } from '@roottrading/config';
import { candleSpan, createDb, type Db } from '@roottrading/db';
import { parseDownloadArgs, USAGE, type DownloadArgs } from './args.js';
import { downloadSymbol, type SymbolResult } from './download.js';
import { DownloadArgsError, DownloadError } from './errors.js';
import { checkExchange, createExchange, type ExchangeFactory } from './exchange.js';
import { DownloadProgress } from './progress.js';
import { alignDown, alignUp, iso } from './ranges.js';
import { replayFileName, writeReplayCsv } from './replay-csv.js';

export interface DownloadIo {
  /** The summary lines. */
  out: (text: string) => void;
  /** Where the progress bar goes (stderr): drawn only when it is a terminal. */
  progress?: NodeJS.WriteStream;
}

/** What tests replace: the exchange (a local double), the clock, the page size, the wait before a retry. */
export interface DownloadDeps {
  createExchange?: ExchangeFactory;
  now?: () => number;
  pageSize?: number;
  retryDelayMs?: number;
}

/** binance's most candles per klines request. */
const PAGE_SIZE = 1_000;

/** `pnpm data:download …`: checks everything first, then downloads symbol after symbol and prints one line for each. */
export async function downloadCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: DownloadIo,
  deps: DownloadDeps = {},
): Promise<SymbolResult[] | null> {
  const args = parseDownloadArgs(argv);
  if (args.help) {
    io.out(USAGE + '\n');
    return null;
  }
  const { DATABASE_URL } = parseEnv(z.object({ DATABASE_URL: commonEnv.DATABASE_URL }), env);
  const range = rangeOf(args, (deps.now ?? Date.now)());
  const exchange = (deps.createExchange ?? createExchange)(args.exchange);
  const db = createDb(DATABASE_URL, { max: 2 });
  try {
    // The first query: a missing database or table is named before the exchange is asked anything.
    await candleSpan(db, args.symbols, args.interval, new Date(range.from), new Date(range.end)).catch((err) => {
      throw databaseProblem(err, DATABASE_URL);
    });
    await checkExchange(exchange, args.symbols, args.interval);
    const results: SymbolResult[] = [];
    for (const symbol of args.symbols) {
      const job = { ...range, symbol, interval: args.interval, intervalMs: args.intervalMs };
      const bar = new DownloadProgress(symbol, io.progress);
      const result = await downloadSymbol({
        ...job,
        exchange,
        db,
        pageSize: deps.pageSize ?? PAGE_SIZE,
        retryDelayMs: deps.retryDelayMs ?? 1_000,
        source: `ccxt:${exchange.id}`,
        onProgress: (done, total) => bar.update(done, total),
      }).finally(() => bar.done());
      io.out(summaryLine(result, args.interval));
      if (args.out !== undefined) io.out(await csvLine(db, args, job));
      results.push(result);
    }
    return results;
  } finally {
    await db.destroy();
    await exchange.close().catch(() => undefined);
  }
}

/** [from, end): `end` is --to or, at the latest, the open time of the candle still forming (never stored). */
function rangeOf(args: DownloadArgs, now: number): { from: number; end: number } {
  const from = alignUp(args.from, args.intervalMs);
  const forming = alignDown(now, args.intervalMs);
  const end = args.to === undefined ? forming : Math.min(alignUp(args.to, args.intervalMs), forming);
  if (from >= end) {
    const limit =
      args.to !== undefined && end < forming ? `--to (${iso(end)})` : `the candle still forming (${iso(forming)})`;
    throw new DownloadArgsError(`nothing to download: --from ${iso(from)} is not before ${limit}`);
  }
  return { from, end };
}

function summaryLine(r: SymbolResult, interval: string): string {
  const written =
    r.first === undefined || r.last === undefined
      ? 'nothing new (the table holds it all)'
      : `${r.written} written, ${iso(r.first)} to ${iso(r.last)}`;
  return `${r.symbol} ${interval}: ${written}; gaps: ${r.gaps.describe()}\n`;
}

async function csvLine(db: Db, args: DownloadArgs, job: Parameters<typeof writeReplayCsv>[3]): Promise<string> {
  const name = replayFileName(args.exchange, job.symbol, args.interval);
  const csv = await writeReplayCsv(db, args.out!, name, job);
  if (!csv) return `${job.symbol} ${args.interval}: no candle stored in the range, so no ${name}\n`;
  const warning = csv.warning ? `\n  warning: ${csv.warning}` : '';
  return `${job.symbol} ${args.interval}: ${csv.candles} candles in ${csv.file}${warning}\n`;
}

/** PostgreSQL's refusals a user can act on, as one line that says how. */
function databaseProblem(err: unknown, url: string): DownloadError {
  const e = err as { code?: string; message?: string };
  const where = new URL(url);
  const name = where.pathname.replace(/^\//, '');
  if (e.code === '42P01')
    return new DownloadError(`the candles table is missing in database ${name}: run pnpm migrate`);
  if (e.code === '3D000') return new DownloadError(`database ${name} does not exist: run pnpm migrate (it creates it)`);
  return new DownloadError(`PostgreSQL at ${where.host} (DATABASE_URL): ${e.message ?? String(err)}`, { cause: err });
}
