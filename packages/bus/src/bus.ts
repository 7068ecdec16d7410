import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Topic } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import { closeRedis, connectRedis, namespaced } from './redis.js';

export type Handler<T> = (message: T, channel: string) => void | Promise<void>;

interface Subscription {
  topic: Topic;
  handler: Handler<unknown>;
  queue: unknown[];
  running: boolean;
}

export interface BusOptions {
  url: string;
  namespace: string;
  logger: Logger;
}

/** A message that failed validation on publish: the caller's bug, never sent. */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

/**
 * Typed pub/sub over Redis. Every message is validated against its topic's schema when published
 * and when received; an invalid one received is logged with its channel and dropped. Messages of
 * one channel reach their handler one at a time, in order.
 */
export class Bus {
  readonly redis: Redis;
  private subscriber: Redis | undefined;
  private readonly subs = new Map<string, Subscription[]>();
  private closed = false;
  invalidCount = 0;

  constructor(private readonly opts: BusOptions) {
    this.redis = connectRedis(opts.url, opts.logger, 'command');
  }

  get namespace(): string {
    return this.opts.namespace;
  }

  /** A Redis key or channel name with this bus's namespace. */
  key(name: string): string {
    return namespaced(this.opts.namespace, name);
  }

  /** Validates then publishes; resolves to the number of subscribers that received it. */
  async publish<S extends z.ZodType>(topic: Topic<S>, payload: z.input<S>): Promise<number> {
    return this.redis.publish(this.key(topic.channel), this.encode(topic, payload));
  }

  encode<S extends z.ZodType>(topic: Topic<S>, payload: z.input<S>): string {
    const parsed = topic.schema.safeParse(payload);
    if (!parsed.success) {
      throw new InvalidMessageError(
        `refusing to publish an invalid message on ${topic.channel}: ${describe(parsed.error)}`,
      );
    }
    return JSON.stringify(parsed.data);
  }

  async subscribe<S extends z.ZodType>(topic: Topic<S>, handler: Handler<z.output<S>>): Promise<void> {
    const channel = this.key(topic.channel);
    const list = this.subs.get(channel) ?? [];
    list.push({ topic, handler: handler as Handler<unknown>, queue: [], running: false });
    this.subs.set(channel, list);
    await this.ensureSubscriber().subscribe(channel);
  }

  /** Resolves once every message received so far has been handled. */
  async drain(): Promise<void> {
    while ([...this.subs.values()].flat().some((s) => s.running || s.queue.length > 0)) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await withTimeout(this.redis.ping(), 1_000)) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Stop receiving first, so draining ends even while publishers keep going.
    await Promise.race([this.subscriber?.unsubscribe().catch(() => undefined), delay(1_000)]);
    await this.drain();
    this.subs.clear();
    await Promise.all([this.subscriber ? closeRedis(this.subscriber) : undefined, closeRedis(this.redis)]);
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    const sub = this.redis.duplicate();
    sub.on('error', (err: Error) => this.opts.logger.debug({ err: err.message }, 'redis subscriber error'));
    sub.on('message', (channel: string, raw: string) => this.receive(channel, raw));
    this.subscriber = sub;
    return sub;
  }

  private receive(channel: string, raw: string): void {
    const list = this.subs.get(channel);
    if (!list) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.reject(channel, 'not JSON', raw);
      return;
    }
    for (const sub of list) {
      const parsed = sub.topic.schema.safeParse(json);
      if (!parsed.success) {
        this.reject(channel, describe(parsed.error), raw);
        continue;
      }
      sub.queue.push(parsed.data);
      if (!sub.running) void this.run(sub, channel);
    }
  }

  private reject(channel: string, problem: string, raw: string): void {
    this.invalidCount++;
    this.opts.logger.warn({ channel, problem, message: raw.slice(0, 300) }, 'invalid bus message dropped');
  }

  private async run(sub: Subscription, channel: string): Promise<void> {
    sub.running = true;
    while (sub.queue.length > 0) {
      const message = sub.queue.shift();
      try {
        await sub.handler(message, channel);
      } catch (err) {
        this.opts.logger.error({ channel, err }, 'bus handler failed');
      }
    }
    sub.running = false;
  }
}

export function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
