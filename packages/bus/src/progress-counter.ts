import type { Bus } from './bus.js';
import type { Logger } from '@roottrading/logger';

type RedisClient = Bus['redis'];

/**
 * The count of handled candles the gateway paces on (INCRBY on analyzer:progress), batched: one
 * INCRBY as soon as the event loop is free after a burst, then at most one per `minIntervalMs` while
 * candles keep coming. The gateway at full speed waits on this counter, so it must never stall: a
 * pending count is always flushed within `minIntervalMs`.
 */
export class ProgressCounter {
  private pending = 0;
  private lastFlushAt = 0;
  private timer: { cancel(): void } | undefined;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Candles counted in Redis so far, and the INCRBYs it took. */
  flushed = 0;
  flushes = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly minIntervalMs = 10,
  ) {}

  add(n = 1): void {
    this.pending += n;
    this.schedule();
  }

  /** Sends what is pending now. */
  async flush(): Promise<void> {
    this.clearTimer();
    const n = this.pending;
    if (n === 0) {
      await Promise.all(this.inFlight);
      return;
    }
    this.pending = 0;
    this.lastFlushAt = Date.now();
    this.flushes++;
    const sent = this.redis.incrby(this.key, n).then(
      () => {
        this.flushed += n;
      },
      (err: unknown) => {
        // Put it back: the next flush carries it, so the gateway's count is never short.
        this.pending += n;
        this.logger.warn({ err: err instanceof Error ? err.message : String(err), n }, 'progress flush failed');
        if (!this.closed) this.schedule(500);
      },
    );
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
    await sent;
  }

  /** Final flush, bounded so a Redis outage cannot hold up a shutdown. */
  async close(timeoutMs = 2_000): Promise<void> {
    this.closed = true;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flush(),
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    if (this.pending > 0) this.logger.warn({ pending: this.pending }, 'progress not flushed before stopping');
  }

  private schedule(delayMs?: number): void {
    if (this.timer !== undefined || this.closed) return;
    const wait = delayMs ?? Math.max(0, this.lastFlushAt + this.minIntervalMs - Date.now());
    const run = () => {
      this.timer = undefined;
      void this.flush();
    };
    if (wait === 0) {
      // setImmediate runs once the candles already received have been handled: a burst becomes one INCRBY.
      const handle = setImmediate(run);
      this.timer = { cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(run, wait);
      this.timer = { cancel: () => clearTimeout(handle) };
    }
  }

  private clearTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
