import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Candle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import { parseCandleFile, inferIntervalMs, type FileCandle } from './candle-file.js';
import { checkInterval, matchReplayFiles, ReplayConfigError } from './replay-files.js';
import { FeedState, type CandleSource, type Emit, type FeedStatus, type ReplayProgress } from './source.js';

const gunzipAsync = promisify(gunzip);

export interface ReplaySourceOptions {
  dir: string;
  symbols: readonly string[];
  interval: string;
  intervalMs: number;
  logger: Logger;
}

interface Series {
  symbol: string;
  file: string;
  candles: FileCandle[];
  next: number;
}

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');

/**
 * Replays candle files from REPLAY_DIR, one per symbol, interleaved by open time across symbols.
 * Everything is read and checked at start, so a bad file stops the gateway before any candle goes out.
 */
export class ReplaySource implements CandleSource {
  readonly name = 'replay';
  private series: Series[] = [];
  private published = 0;
  private total = 0;
  private done = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly feed = new FeedState();
  private readonly logger: Logger;

  constructor(private readonly opts: ReplaySourceOptions) {
    this.logger = opts.logger.child({ module: 'replay' });
  }

  async start(emit: Emit): Promise<void> {
    const dir = resolveDir(this.opts.dir);
    const names = await readdir(dir).catch((err: Error) => {
      throw new ReplayConfigError(`REPLAY_DIR ${dir} cannot be read: ${err.message}`);
    });
    const files = matchReplayFiles(dir, names, this.opts.symbols);
    for (const [symbol, name] of files) {
      const file = join(dir, name);
      const candles = parseCandleFile(file, await readCandleText(file));
      if (candles.length === 0) throw new ReplayConfigError(`${file}: no candles`);
      checkInterval(file, inferIntervalMs(candles.map((c) => c.startTime)), this.opts.interval, this.opts.intervalMs);
      this.series.push({ symbol, file, candles, next: 0 });
      this.total += candles.length;
    }
    this.logger.info(
      { dir, files: Object.fromEntries(files), total: this.total, interval: this.opts.interval },
      'replay files loaded',
    );
    this.loop = this.run(emit);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  status(): FeedStatus {
    return this.feed.snapshot();
  }

  progress(): ReplayProgress {
    return { done: this.done, published: this.published, total: this.total };
  }

  private async run(emit: Emit): Promise<void> {
    this.feed.live();
    for (;;) {
      if (this.stopping) return;
      const due = this.nextOpenTime();
      if (!due) break;
      const candles = due.map((s) => this.toCandle(s, s.candles[s.next]!));
      await emit(candles);
      if (this.stopping) return;
      for (const s of due) s.next++;
      this.published += candles.length;
      this.feed.candle(candles.at(-1)!);
    }
    this.done = true;
    this.feed.finished();
    this.series = [];
    this.logger.info({ published: this.published, total: this.total }, 'replay finished');
  }

  /** The series whose next candle opens first (all of them that open at that time), in SYMBOLS order. */
  private nextOpenTime(): Series[] | undefined {
    let first = Number.POSITIVE_INFINITY;
    for (const s of this.series) if (s.next < s.candles.length) first = Math.min(first, s.candles[s.next]!.startTime);
    if (first === Number.POSITIVE_INFINITY) return undefined;
    return this.series.filter((s) => s.next < s.candles.length && s.candles[s.next]!.startTime === first);
  }

  private toCandle(series: Series, c: FileCandle): Candle {
    return {
      symbol: series.symbol,
      interval: this.opts.interval,
      startTime: c.startTime,
      closeTime: c.startTime + this.opts.intervalMs - 1,
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      volume: c.volume,
      source: this.name,
    };
  }
}

/** A relative REPLAY_DIR is tried from the working directory, then from the repository root (where .env lives). */
function resolveDir(dir: string): string {
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
