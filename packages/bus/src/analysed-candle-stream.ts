import { analysedCandleSchema, KEY, topics, type AnalysedCandle } from '@roottrading/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from '@roottrading/logger';
import type { Bus } from './bus.js';
import { DurableStream } from './durable-stream.js';
import { SIGNAL_FIELD } from './signal-stream.js';

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

export interface AppenderOptions {
  /** A connection of its own, so what is left can be written after the bus has closed. */
  redis?: Redis;
  maxLen?: number;
  retryMs?: number;
  closeAttempts?: number;
  /**
   * Runs before a batch goes out, with the batch's entries (the analyzer stores their signals):
   * when it fails nothing of the batch is written and the batch is tried again, so an entry is on
   * the stream only once this has succeeded for it.
   */
  beforeWrite?: (entries: readonly AnalysedCandle[]) => Promise<void>;
  /** Also append each entry's signals to the signal stream (capped at this length) and publish their pub/sub copy, ahead of the entry. */
  signalStreamMaxLen?: number;
  /** Told how many entries, and signals in them, each batch wrote. */
  onWritten?: (entries: number, signals: number) => void;
}

interface Queued {
  entry: AnalysedCandle;
  body: string;
}

/**
 * The analyzer's side of the analysed-candle stream: one entry per analysed candle, appended in
 * the order they were analysed. Appends are batched — the entries of a burst are stored
 * (`beforeWrite`) and go out in one pipeline once the event loop is free — so the per-candle path
 * does no round trip of its own. A failed store or write keeps the entries, in order, and tries
 * again until it succeeds; `close` gives up after `closeAttempts` and says how many entries were
 * not written.
 */
export class AnalysedCandleAppender {
  private queue: Queued[] = [];
  private draining: Promise<void> | undefined;
  private closing = false;
  appended = 0;
  lost = 0;
  signalsAppended = 0;
  signalsLost = 0;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly opts: AppenderOptions = {},
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
    this.queue.push({ entry, body: this.bus.encode(TOPIC, entry) });
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
          const signals = this.queue.reduce((n, q) => n + q.entry.signals.length, 0);
          this.lost += this.queue.length;
          this.signalsLost += signals;
          this.logger.error({ err, lost: this.queue.length, signals }, 'analysed candles not written: stopping');
          this.queue = [];
          return;
        }
        await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 500));
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Stores, then one pipeline of what is queued; on failure the entries not written go back to the front. Returns the error. */
  private async send(): Promise<string | null> {
    const batch = this.queue;
    this.queue = [];
    let written = 0;
    let signals = 0;
    try {
      await this.opts.beforeWrite?.(batch.map((q) => q.entry));
      const pipeline = (this.opts.redis ?? this.bus.redis).pipeline();
      // How many commands each entry took, to tell from the results which entries were written.
      const commands = batch.map((q) => this.queueCommands(pipeline, q));
      const results = (await pipeline.exec()) ?? [];
      if (results.length !== commands.reduce((a, b) => a + b, 0)) throw new Error('the pipeline was not executed');
      let at = 0;
      for (const [i, n] of commands.entries()) {
        const failed = results.slice(at, at + n).find(([e]) => e);
        if (failed) throw failed[0]!;
        at += n;
        written = i + 1;
        signals += batch[i]!.entry.signals.length;
      }
      return null;
    } catch (err) {
      this.queue = [...batch.slice(written), ...this.queue];
      return err instanceof Error ? err.message : String(err);
    } finally {
      this.appended += written;
      this.signalsAppended += signals;
      if (written > 0) this.opts.onWritten?.(written, signals);
    }
  }

  private queueCommands(pipeline: ReturnType<Redis['pipeline']>, { entry, body }: Queued): number {
    let n = 1;
    const copies = this.opts.signalStreamMaxLen;
    if (copies !== undefined) {
      const [stream, channel] = [this.bus.key(KEY.signalStream), this.bus.key(topics.signal.channel)];
      for (const signal of entry.signals) {
        const copy = this.bus.encode(topics.signal, signal);
        pipeline.xadd(stream, 'MAXLEN', '~', String(copies), '*', SIGNAL_FIELD, this.bus.seal(stream, copy));
        pipeline.publish(channel, this.bus.seal(channel, copy));
        n += 2;
      }
    }
    const sealed = this.bus.seal(this.streamKey, body);
    pipeline.xadd(this.streamKey, 'MAXLEN', '~', String(this.opts.maxLen ?? 200_000), '*', ANALYSED_FIELD, sealed);
    return n;
  }
}
