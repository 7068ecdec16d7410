import type { Candle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import { byOpenTime, loadReplayFiles, type FileCandle, type ReplaySeries } from '@roottrading/market-data';
import { FeedState, type CandleSource, type Emit, type FeedStatus, type ReplayProgress } from './source.js';

export interface ReplaySourceOptions {
  dir: string;
  symbols: readonly string[];
  interval: string;
  intervalMs: number;
  logger: Logger;
}

/**
 * Replays candle files from REPLAY_DIR, one per symbol, interleaved by open time across symbols.
 * Everything is read and checked at start, so a bad file stops the gateway before any candle goes out.
 */
export class ReplaySource implements CandleSource {
  readonly name = 'replay';
  private series: ReplaySeries[] = [];
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
    const { dir, series, total } = await loadReplayFiles(
      this.opts.dir,
      this.opts.symbols,
      this.opts.interval,
      this.opts.intervalMs,
    );
    this.series = series;
    this.total = total;
    this.logger.info(
      {
        dir,
        files: Object.fromEntries(series.map((s) => [s.symbol, s.file.slice(dir.length + 1)])),
        total,
        interval: this.opts.interval,
      },
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
    for (const due of byOpenTime(this.series)) {
      if (this.stopping) return;
      const candles = due.map(({ series, candle }) => this.toCandle(series, candle));
      await emit(candles);
      if (this.stopping) return;
      this.published += candles.length;
      this.feed.candle(candles.at(-1)!);
    }
    this.done = true;
    this.feed.finished();
    this.series = [];
    this.logger.info({ published: this.published, total: this.total }, 'replay finished');
  }

  private toCandle(series: ReplaySeries, c: FileCandle): Candle {
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
