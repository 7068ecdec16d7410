import { analysedCandleSchema, KEY, type AnalysedCandle } from '@roottrading/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from '@roottrading/logger';
import type { Bus } from './bus.js';
import { DurableStream } from './durable-stream.js';

/** The field an entry's JSON travels in. */
export const ANALYSED_FIELD = 'entry';

const TOPIC = { channel: KEY.analysedCandleStream, schema: analysedCandleSchema };

/** The trader's side: the analysed candles read through its consumer group, acknowledged after its commit. */
export class AnalysedCandleStream extends DurableStream<AnalysedCandle> {
  constructor(bus: Bus, logger: Logger) {
    super(bus, logger, {
      key: KEY.analysedCandleStream,
      group: KEY.signalGroup,
      field: ANALYSED_FIELD,
      schema: analysedCandleSchema,
      label: 'analysed candle',
    });
  }
}

/**
 * The analyzer's side of the analysed-candle stream: one entry per analysed candle, appended in
 * the order they were analysed. Appends are batched — the entries of a burst go out in one pipeline
 * once the event loop is free — so the per-candle path does no round trip of its own. A failed
 * write keeps the entries, in order, and tries again until it succeeds; `close` gives up after
 * `closeAttempts` and says how many entries were not written.
 */
export class AnalysedCandleAppender {
  private queue: string[] = [];
  private draining: Promise<void> | undefined;
  private closing = false;
  appended = 0;
  lost = 0;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    /** `redis`: a connection of its own, so what is left can be written after the bus has closed. */
    private readonly opts: { redis?: Redis; maxLen?: number; retryMs?: number; closeAttempts?: number } = {},
  ) {}

  get streamKey(): string {
    return this.bus.key(KEY.analysedCandleStream);
  }

  /** Entries not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Validated now (a bad entry is our own bug and throws here), written soon. */
  append(entry: AnalysedCandle): void {
    this.queue.push(this.bus.encode(TOPIC, entry));
    this.draining ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  /** Writes what is queued; resolves once nothing is left (or, closing, once it gave up). */
  async close(): Promise<void> {
    this.closing = true;
    await this.draining;
    if (this.queue.length > 0) this.draining = this.drain();
    await this.draining;
  }

  private async drain(): Promise<void> {
    let failures = 0;
    try {
      while (this.queue.length > 0) {
        const err = await this.send();
        if (!err) {
          if (failures > 0) this.logger.info({ failures }, 'analysed candles written again after a failure');
          failures = 0;
          continue;
        }
        failures++;
        if (failures === 1)
          this.logger.warn({ err, pending: this.queue.length }, 'writing analysed candles failed; retrying');
        if (this.closing && failures >= (this.opts.closeAttempts ?? 3)) {
          this.lost += this.queue.length;
          this.logger.error({ err, lost: this.queue.length }, 'analysed candles not written: stopping');
          this.queue = [];
          return;
        }
        await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 500));
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** One pipeline of what is queued; on failure the entries not written go back to the front. Returns the error. */
  private async send(): Promise<string | null> {
    const batch = this.queue;
    this.queue = [];
    const maxLen = String(this.opts.maxLen ?? 200_000);
    let written = 0;
    try {
      const pipeline = (this.opts.redis ?? this.bus.redis).pipeline();
      for (const body of batch) pipeline.xadd(this.streamKey, 'MAXLEN', '~', maxLen, '*', ANALYSED_FIELD, body);
      const results = (await pipeline.exec()) ?? [];
      if (results.length !== batch.length) throw new Error('the pipeline was not executed');
      const failed = results.findIndex(([e]) => e);
      written = failed < 0 ? batch.length : failed;
      if (failed >= 0) throw results[failed]![0]!;
      return null;
    } catch (err) {
      this.queue = [...batch.slice(written), ...this.queue];
      return err instanceof Error ? err.message : String(err);
    } finally {
      this.appended += written;
    }
  }
}
