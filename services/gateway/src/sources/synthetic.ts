import type { Logger } from '@roottrading/logger';
import { syntheticCandles } from '@roottrading/market-data';
import { FeedState, type CandleSource, type Emit, type FeedStatus } from './source.js';

export interface SyntheticSourceOptions {
  symbols: readonly string[];
  interval: string;
  intervalMs: number;
  seed: number;
  startPrice: number;
  tick: string;
  volatility: number;
  /** First candle's open time (aligned down to the interval), or `now`. */
  startTime: number | 'now';
  /** Candles per symbol, 0 = endless. */
  count: number;
  logger: Logger;
}

/**
 * A seeded random walk per symbol: the same seed (and start time) gives the same candles. Candle
 * times start at SYNTHETIC_START_TIME (a fixed epoch by default, so runs repeat exactly) and step by
 * the interval; MARKET_SPEED paces them like a replay.
 */
export class SyntheticSource implements CandleSource {
  readonly name = 'synthetic';
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly feed = new FeedState();
  private readonly logger: Logger;

  constructor(private readonly opts: SyntheticSourceOptions) {
    this.logger = opts.logger.child({ module: 'synthetic' });
  }

  async start(emit: Emit): Promise<void> {
    const { intervalMs } = this.opts;
    const from = this.opts.startTime === 'now' ? Date.now() : this.opts.startTime;
    const first = Math.floor(from / intervalMs) * intervalMs;
    this.logger.info(
      { seed: this.opts.seed, firstCandle: new Date(first).toISOString(), count: this.opts.count || 'endless' },
      'synthetic walk starting',
    );
    this.loop = this.run(emit, first);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  status(): FeedStatus {
    return this.feed.snapshot();
  }

  private async run(emit: Emit, first: number): Promise<void> {
    const batches = syntheticCandles({ ...this.opts, startTime: first }, this.name);
    this.feed.live();
    for (const candles of batches) {
      if (this.stopping) return;
      await emit(candles);
      if (this.stopping) return;
      this.feed.candle(candles.at(-1)!);
    }
    this.feed.finished();
    this.logger.info({ perSymbol: this.opts.count }, 'synthetic walk finished');
  }
}
