import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Logger } from '@roottrading/logger';
import { describe, type Bus } from './bus.js';

/** What a consumer's handler tells the stream: the entry was handled (ack it) or must be retried. */
export type EntryHandler<T> = (value: T, entryId: string) => Promise<void>;

/**
 * Handles every valid entry of one read at once (e.g. in one database transaction). Resolving
 * means all of them are handled: they are acknowledged together, after it resolves, never before;
 * a rejection leaves them all pending, to be read again. A handler that holds some entries back
 * (waiting for others to put them in order) resolves with the ids it has handled instead — from
 * this read or earlier ones — and acknowledges the rest itself later (`ack`). Held entries stay
 * pending: a restart delivers them again, and a reclaim may too, so such a handler skips an id it
 * already holds.
 */
export type BatchHandler<T> = (batch: { value: T; entryId: string }[]) => Promise<void | readonly string[]>;

export type ConsumeOptions<T> = {
  group?: string;
  consumer: string;
  /** Entries pending longer than this (a consumer that died mid-way) are claimed again. */
  claimIdleMs?: number;
  blockMs?: number;
  batch?: number;
} & ({ handler: EntryHandler<T>; batchHandler?: never } | { batchHandler: BatchHandler<T>; handler?: never });

/** Which stream, which field of an entry holds the value, and what the value must be. */
export interface StreamSpec<T> {
  /** The stream's key, before the bus namespace. */
  key: string;
  /** The consumer group read by default. */
  group: string;
  field: string;
  schema: z.ZodType<T>;
  /** What an entry is called in the log. */
  label: string;
}

/**
 * A durable delivery: a Redis Stream read through a consumer group. The consumer acknowledges each
 * entry only after its handler resolved (its own commit), so a crash between the two redelivers it;
 * an invalid entry, or one whose signature does not hold, is logged and acknowledged, never handed on. Entries another consumer left
 * unacknowledged are claimed after `claimIdleMs`.
 */
export class DurableStream<T> {
  protected stopping = false;
  private reader: Redis | undefined;
  private loop: Promise<void> | undefined;
  delivered = 0;
  /** Entries dropped as invalid (bad JSON, schema or signature): logged, acknowledged, counted here. */
  invalid = 0;

  constructor(
    protected readonly bus: Bus,
    protected readonly logger: Logger,
    private readonly spec: StreamSpec<T>,
  ) {}

  get streamKey(): string {
    return this.bus.key(this.spec.key);
  }

  /** Entries not yet delivered to the group plus those delivered but not acknowledged. */
  async lag(group: string = this.spec.group): Promise<{ pending: number; undelivered: number | null }> {
    try {
      const groups = (await this.bus.redis.xinfo('GROUPS', this.streamKey)) as unknown[][];
      for (const g of groups) {
        const info = toRecord(g);
        if (info.name === group) {
          return { pending: Number(info.pending ?? 0), undelivered: info.lag == null ? null : Number(info.lag) };
        }
      }
    } catch {
      // No stream yet: nothing is waiting.
    }
    return { pending: 0, undelivered: 0 };
  }

  /** Acknowledges entries a batch handler held back and has handled since. */
  async ack(entryIds: readonly string[], group: string = this.spec.group): Promise<void> {
    if (entryIds.length > 0) await this.bus.redis.xack(this.streamKey, group, ...entryIds);
  }

  start(opts: ConsumeOptions<T>): void {
    this.reader = this.bus.redis.duplicate();
    this.reader.on('error', (err: Error) => this.logger.debug({ err: err.message }, `${this.spec.label} reader error`));
    this.loop = this.run(opts);
  }

  /** Stops after the entry in hand is handled and acknowledged. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.reader?.disconnect();
  }

  private async run(opts: ConsumeOptions<T>): Promise<void> {
    const group = opts.group ?? this.spec.group;
    const claimIdleMs = opts.claimIdleMs ?? 30_000;
    let lastClaim = 0;
    let readOwnPending = true;
    // Our own pending entries are read from this id on: entries a handler holds stay pending.
    let ownCursor = '0';
    while (!this.stopping) {
      try {
        await this.ensureGroup(group);
        if (readOwnPending) {
          // After a restart under the same consumer name, our own unacknowledged entries come first.
          const last = await this.readBatch(group, opts, ownCursor);
          if (last === null) readOwnPending = false;
          else ownCursor = last;
          continue;
        }
        if (Date.now() - lastClaim > Math.min(claimIdleMs, 10_000)) {
          lastClaim = Date.now();
          await this.claimAbandoned(group, opts, claimIdleMs);
        }
        await this.readBatch(group, opts, '>');
      } catch (err) {
        if (this.stopping) break;
        const message = err instanceof Error ? err.message : String(err);
        if (message.includes('NOGROUP')) {
          this.logger.warn({ stream: this.streamKey, group }, 'consumer group missing (Redis lost it?); recreating');
          readOwnPending = true;
          ownCursor = '0';
          continue;
        }
        this.logger.warn({ err: message }, `${this.spec.label} handling failed; retrying the pending entry`);
        readOwnPending = true;
        ownCursor = '0';
        await sleep(500);
      }
    }
  }

  private async ensureGroup(group: string): Promise<void> {
    try {
      await this.bus.redis.xgroup('CREATE', this.streamKey, group, '0', 'MKSTREAM');
      this.logger.info({ stream: this.streamKey, group }, 'consumer group created');
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
  }

  /** Reads new entries (`>`) or our own pending ones after an id; returns the last id read, null when none. */
  private async readBatch(group: string, opts: ConsumeOptions<T>, from: string): Promise<string | null> {
    const reader = this.reader!;
    const args: (string | number)[] = ['GROUP', group, opts.consumer, 'COUNT', opts.batch ?? 100];
    if (from === '>') args.push('BLOCK', opts.blockMs ?? 1_000);
    args.push('STREAMS', this.streamKey, from);
    const entries = streamEntries(await reader.call('XREADGROUP', ...args));
    await this.handleEntries(group, entries, opts);
    return entries.length === 0 ? null : entries[entries.length - 1]![0];
  }

  private async handleEntries(group: string, entries: readonly Entry[], opts: ConsumeOptions<T>): Promise<void> {
    if (opts.batchHandler) {
      if (!this.stopping && entries.length > 0) await this.handleBatch(group, entries, opts.batchHandler);
      return;
    }
    for (const [id, fields] of entries) {
      if (this.stopping) break;
      await this.handleEntry(group, id, fields, opts.handler);
    }
  }

  private async claimAbandoned(group: string, opts: ConsumeOptions<T>, idleMs: number): Promise<void> {
    let cursor = '0-0';
    do {
      const reply = (await this.bus.redis.call(
        'XAUTOCLAIM',
        this.streamKey,
        group,
        opts.consumer,
        idleMs,
        cursor,
        'COUNT',
        100,
      )) as [string, [string, string[] | null][]];
      cursor = reply[0];
      if (this.stopping) return;
      for (const [id] of reply[1]) {
        this.logger.info({ entryId: id }, `reclaimed a ${this.spec.label} another consumer left unacknowledged`);
      }
      await this.handleEntries(group, reply[1], opts);
    } while (cursor !== '0-0' && !this.stopping);
  }

  private async handleBatch(group: string, entries: readonly Entry[], handler: BatchHandler<T>): Promise<void> {
    const batch: { value: T; entryId: string }[] = [];
    const invalid: string[] = [];
    for (const [id, fields] of entries) {
      const value = this.parse(fields);
      if (typeof value === 'string') {
        this.logger.warn(
          { stream: this.streamKey, entryId: id, problem: value },
          `invalid ${this.spec.label} entry dropped`,
        );
        invalid.push(id);
        this.invalid++;
      } else {
        batch.push({ value, entryId: id });
      }
    }
    if (invalid.length > 0) await this.bus.redis.xack(this.streamKey, group, ...invalid);
    if (batch.length === 0) return;
    // A handler error leaves every entry pending: they are retried, never acknowledged unhandled.
    const handled = await handler(batch);
    await this.ack(handled ?? batch.map((b) => b.entryId), group);
    this.delivered += batch.length;
  }

  private async handleEntry(
    group: string,
    id: string,
    fields: string[] | null,
    handler: EntryHandler<T>,
  ): Promise<void> {
    const value = this.parse(fields);
    if (typeof value === 'string') {
      this.logger.warn(
        { stream: this.streamKey, entryId: id, problem: value },
        `invalid ${this.spec.label} entry dropped`,
      );
      this.invalid++;
      await this.bus.redis.xack(this.streamKey, group, id);
      return;
    }
    // A handler error leaves the entry pending: it is retried, never acknowledged unhandled.
    await handler(value, id);
    await this.bus.redis.xack(this.streamKey, group, id);
    this.delivered++;
  }

  /** An entry's value, validated; or why it is not one. */
  private parse(fields: string[] | null): T | string {
    const raw = fields ? fields[fields.indexOf(this.spec.field) + 1] : undefined;
    if (raw === undefined) return `entry has no ${this.spec.field} field (trimmed or foreign entry)`;
    const opened = this.bus.verify(this.streamKey, raw);
    if (!opened.ok) return opened.problem;
    let json: unknown;
    try {
      json = JSON.parse(opened.body);
    } catch {
      return 'not JSON';
    }
    const parsed = this.spec.schema.safeParse(json);
    return parsed.success ? parsed.data : describe(parsed.error);
  }
}

type Entry = [string, string[] | null];

/**
 * XREADGROUP's reply for one stream: RESP2 gives [[key, entries]], while ioredis 6 returns the
 * RESP3 map flattened to [key, entries]. Both are accepted.
 */
function streamEntries(reply: unknown): Entry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const first = reply[0] as unknown;
  if (typeof first === 'string') return (reply[1] as Entry[] | undefined) ?? [];
  return ((first as [string, Entry[]])[1] as Entry[] | undefined) ?? [];
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
