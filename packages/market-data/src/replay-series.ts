import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { inferIntervalMs, parseCandleFile, type FileCandle } from './candle-file.js';
import { checkInterval, matchReplayFiles, ReplayConfigError } from './replay-files.js';

const gunzipAsync = promisify(gunzip);
const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** One symbol's candles from its replay file, oldest first. */
export interface ReplaySeries {
  symbol: string;
  file: string;
  candles: FileCandle[];
}

export interface ReplayFiles {
  /** The directory as resolved. */
  dir: string;
  /** In SYMBOLS order. */
  series: ReplaySeries[];
  total: number;
}

/**
 * Reads and checks one candle file per symbol from a replay directory (the gateway's REPLAY_DIR, the
 * backtester's --data): the same matching rules, the same errors, so both read the same candles.
 */
export async function loadReplayFiles(
  dirSetting: string,
  symbols: readonly string[],
  interval: string,
  intervalMs: number,
): Promise<ReplayFiles> {
  const dir = resolveDir(dirSetting);
  const names = await readdir(dir).catch((err: Error) => {
    throw new ReplayConfigError(`REPLAY_DIR ${dir} cannot be read: ${err.message}`);
  });
  const files = matchReplayFiles(dir, names, symbols);
  const series: ReplaySeries[] = [];
  let total = 0;
  for (const [symbol, name] of files) {
    const file = join(dir, name);
    const candles = parseCandleFile(file, await readCandleText(file));
    if (candles.length === 0) throw new ReplayConfigError(`${file}: no candles`);
    checkInterval(file, inferIntervalMs(candles.map((c) => c.startTime)), interval, intervalMs);
    series.push({ symbol, file, candles });
    total += candles.length;
  }
  return { dir, series, total };
}

/**
 * The candles of every series in market order: each batch holds the candles opening at one time, in
 * SYMBOLS order, the earliest time first (a symbol with no candle at that time is simply absent).
 */
export function* byOpenTime(
  series: readonly ReplaySeries[],
): Generator<{ series: ReplaySeries; candle: FileCandle }[]> {
  const next = series.map(() => 0);
  for (;;) {
    let first = Number.POSITIVE_INFINITY;
    series.forEach((s, i) => {
      const c = s.candles[next[i]!];
      if (c && c.startTime < first) first = c.startTime;
    });
    if (first === Number.POSITIVE_INFINITY) return;
    const batch: { series: ReplaySeries; candle: FileCandle }[] = [];
    series.forEach((s, i) => {
      const c = s.candles[next[i]!];
      if (c && c.startTime === first) {
        batch.push({ series: s, candle: c });
        next[i]!++;
      }
    });
    yield batch;
  }
}

/** A relative directory is tried from the working directory, then from the repository root (where .env lives). */
export function resolveDir(dir: string): string {
  if (isAbsolute(dir)) return dir;
  const fromCwd = resolve(dir);
  if (existsSync(fromCwd)) return fromCwd;
  const fromRoot = resolve(REPO_ROOT, dir);
  return existsSync(fromRoot) ? fromRoot : fromCwd;
}

/** A candle file's text; a .gz file is gunzipped first (a corrupt one is an error naming it). */
async function readCandleText(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (!/\.gz$/i.test(file)) return bytes.toString('utf8');
  try {
    return (await gunzipAsync(bytes)).toString('utf8');
  } catch (err) {
    throw new ReplayConfigError(
      `${file}: not a readable gzip file (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}
