import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Topic } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import { MessageSigner, type Opened } from './message-signing.js';
import { closeRedis, connectRedis, namespaced } from './redis.js';

/** What a received message is once it has been dropped (and logged, and counted). */
const DROPPED = Symbol('dropped');

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
  /** BUS_SECRET: every message sent is signed with it, and one received without its signature is dropped. */
  secret?: string | undefined;
}

/** A message that failed validation on publish: the caller's bug, never sent. */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

/**
 * Typed pub/sub over Redis. Every message is validated against its topic's schema when published
 * and when received; an invalid one received is logged with its channel and dropped. With a secret
 * every message is signed, and one received unsigned or badly signed is dropped the same way.
 * Messages of one channel reach their handler one at a time, in order.
 */
export class Bus {
  readonly redis: Redis;
  private subscriber: Redis | undefined;
  private readonly subs = new Map<string, Subscription[]>();
  private closed = false;
  private readonly signer: MessageSigner;
  invalidCount = 0;
  /** Messages and stream entries dropped for want of a valid signature (or for carrying one unasked). */
  signatureRejects = 0;

  constructor(private readonly opts: BusOptions) {
    this.signer = new MessageSigner(opts.secret);
    this.redis = connectRedis(opts.url, opts.logger, 'command');
  }

  /** Whether this bus signs what it sends and refuses what is not signed. */
  get signed(): boolean {
    return this.signer.signs;
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
    const channel = this.key(topic.channel);
    return this.redis.publish(channel, this.seal(channel, this.encode(topic, payload)));
  }

  /** The text to send on `key` (a full channel or stream key, namespace included): `body`, signed when there is a secret. */
  seal(key: string, body: string): string {
    return this.signer.seal(key, body);
  }

  /** The JSON text of what was received on `key`, or why it is not to be trusted (counted in signatureRejects). */
  verify(key: string, raw: string): Opened {
    const opened = this.signer.open(key, raw);
    if (!opened.ok) this.signatureRejects++;
    return opened;
  }

  /**
   * A message received on `channel` outside `subscribe` (e.g. through a pattern subscription),
   * checked like any other: its value, or undefined when it was dropped (logged and counted).
   */
  accept<S extends z.ZodType>(schema: S, channel: string, raw: string): z.output<S> | undefined {
    const json = this.jsonOf(channel, raw);
    if (json === DROPPED) return undefined;
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.reject(channel, describe(parsed.error), raw);
    return undefined;
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
    const json = this.jsonOf(channel, raw);
    if (json === DROPPED) return;
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

  /** The message's JSON once its signature holds; DROPPED (logged and counted) otherwise. */
  private jsonOf(channel: string, raw: string): unknown {
    const opened = this.verify(channel, raw);
    if (!opened.ok) {
      this.opts.logger.warn({ channel, problem: opened.problem }, 'bus message without a valid signature dropped');
      return DROPPED;
    }
    try {
      return JSON.parse(opened.body);
    } catch {
      this.reject(channel, 'not JSON', raw);
      return DROPPED;
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
