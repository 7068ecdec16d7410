import type { Candle } from '@roottrading/contracts';
import { candleRowOf, upsertCandles, type Db, type NewCandle } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { errorMessage } from './sleeper.js';

export interface CandleStoreOptions {
  batchSize: number;
  flushMs: number;
  /** Above this many buffered rows (PostgreSQL down) `waitForRoom()` holds the feed instead of growing memory. */
  maxBuffered?: number;
}

/**
 * Buffers candles and upserts them in batches: every `flushMs` or as soon as `batchSize` rows wait.
 * A failed flush keeps the rows and is retried on the next tick; it is logged once, then every 10 s
 * while it keeps failing, never thrown.
 */
export class CandleStore {
  stored = 0;
  private buffer: NewCandle[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failingSince: number | undefined;
  private lastFailureLog = 0;
  private readonly maxBuffered: number;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly opts: CandleStoreOptions,
  ) {
    this.maxBuffered = opts.maxBuffered ?? Math.max(opts.batchSize * 50, 10_000);
  }

  get buffered(): number {
    return this.buffer.length;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.opts.flushMs);
  }

  add(candle: Candle): void {
    this.buffer.push(candleRowOf(candle));
    if (this.buffer.length >= this.opts.batchSize && !this.flushing && this.failingSince === undefined) {
      void this.flush();
    }
  }

  /** Resolves when the buffer has room again (immediately unless PostgreSQL has been failing). */
  async waitForRoom(isStopping: () => boolean): Promise<void> {
    while (this.buffer.length >= this.maxBuffered && !isStopping()) {
      await (this.flushing ?? new Promise((r) => setTimeout(r, this.opts.flushMs)));
    }
  }

  /** Writes what is buffered; concurrent callers share the flush in progress. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and flushes, trying for up to `timeoutMs`; what still fails is logged as lost. */
  async stop(timeoutMs = 3_000): Promise<void> {
    clearInterval(this.timer);
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 || this.flushing) {
      await this.flush();
      if (this.buffer.length === 0 || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (this.buffer.length > 0) {
      this.logger.error({ lost: this.buffer.length }, 'could not store the last candles before stopping');
    }
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.opts.batchSize);
      try {
        await upsertCandles(this.db, batch);
      } catch (err) {
        this.buffer = batch.concat(this.buffer);
        this.reportFailure(err);
        return;
      }
      this.stored += batch.length;
      if (this.failingSince !== undefined) {
        this.logger.info(
          { downMs: Date.now() - this.failingSince, buffered: this.buffer.length },
          'storing candles again',
        );
        this.failingSince = undefined;
      }
    }
  }

  private reportFailure(err: unknown): void {
    const now = Date.now();
    if (this.failingSince === undefined) this.failingSince = now;
    if (now - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = now;
    this.logger.warn({ err: errorMessage(err), buffered: this.buffer.length }, 'storing candles failed; will retry');
  }
}
