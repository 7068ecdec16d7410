import type { Logger } from '@roottrading/logger';
import { Sleeper } from './sleeper.js';

/** A multiplier of real time, `max` (as fast as the analyzer keeps up) or `live` (an exchange: no pacing). */
export type PacerSpeed = number | 'max' | 'live';

export interface PacerOptions {
  speed: PacerSpeed;
  /** At most this many candles delivered and not yet reported handled by the analyzer. */
  maxLag: number;
  /** A counter that has not moved for this long while candles are outstanding means the analyzer died with them. */
  stallMs: number;
  /** Reads the analyzer's progress counter (it INCRBYs it for every candle it has handled). */
  readProgress: () => Promise<number>;
  logger: Logger;
  pollMs?: number;
  /** How long to wait before publishing again a candle nobody received. */
  retryMs?: number;
  now?: () => number;
}

/** Candles delivered to the analyzer that it has not reported handled yet. */
export function analyzerLag(delivered: number, counter: number, baseline: number): number {
  return delivered - (counter - baseline);
}

/** The baseline that makes the lag zero: what a rebase sets after a stall or a counter reset. */
export function rebasedBaseline(delivered: number, counter: number): number {
  return counter - delivered;
}

/** When a candle is due at `speed` × real time, given the first candle's time and when it went out. */
export function dueAt(candleTime: number, firstCandleTime: number, firstWallTime: number, speed: number): number {
  return firstWallTime + (candleTime - firstCandleTime) / speed;
}

/**
 * Paces publishing. At a numeric speed, candles go out as their times would pass at that speed. At
 * `max` and numeric speeds the analyzer's progress counter bounds how far ahead the gateway runs
 * (Redis drops a pub/sub subscriber that falls 32 MB behind), and at `max` a candle nobody
 * received is published again rather than lost.
 */
export class Pacer {
  /** Candles at least one subscriber received. */
  delivered = 0;
  published = 0;
  /** Candles past the lag check and not yet delivered: they count towards the lag. */
  private inFlight = 0;
  private baseline: number | undefined;
  private counter = 0;
  private counterChangedAt = 0;
  private firstCandleTime: number | undefined;
  private firstWallTime = 0;
  private stopped = false;
  private readonly sleeper = new Sleeper();
  private readonly waiting = new Set<string>();
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly retryMs: number;

  constructor(private readonly opts: PacerOptions) {
    this.now = opts.now ?? Date.now;
    this.pollMs = opts.pollMs ?? 5;
    this.retryMs = opts.retryMs ?? 50;
  }

  /**
   * Publishes through `send` (which resolves to the number of receivers) when pacing allows.
   * Resolves false when stopped before the candle went out.
   */
  async publish(candleTime: number, channel: string, send: () => Promise<number>): Promise<boolean> {
    const { speed } = this.opts;
    if (this.baseline === undefined) await this.rebaseFromCounter();
    if (typeof speed === 'number') await this.waitForSchedule(candleTime, speed);
    // The slot is taken where the lag is checked, with no await between: candles published
    // together (one open time's) cannot all pass one check and overshoot MAX_LAG.
    const reserved = speed !== 'live' && (await this.waitForLag());
    try {
      for (;;) {
        if (this.stopped) return false;
        const receivers = await send();
        if (receivers > 0) {
          this.delivered++;
          this.published++;
          if (this.waiting.delete(channel))
            this.opts.logger.info({ channel }, 'subscriber present; publishing resumes');
          return true;
        }
        if (speed !== 'max') {
          this.published++;
          return true;
        }
        if (!this.waiting.has(channel)) {
          this.waiting.add(channel);
          this.opts.logger.info({ channel }, 'no subscriber yet; holding candles until the analyzer subscribes');
        }
        await this.sleeper.sleep(this.retryMs);
        await this.refresh();
        this.checkStall();
      }
    } finally {
      if (reserved) this.inFlight--;
    }
  }

  /** The current lag, read fresh from the counter (0 before anything was published). */
  async lag(): Promise<number> {
    if (this.baseline === undefined) return 0;
    await this.refresh();
    return this.lagNow();
  }

  /** The lag from the last counter read: never below the true lag. */
  lagEstimate(): number {
    return this.baseline === undefined ? 0 : this.lagNow();
  }

  stop(): void {
    this.stopped = true;
    this.sleeper.wake();
  }

  private lagNow(): number {
    return analyzerLag(this.delivered + this.inFlight, this.counter, this.baseline ?? this.counter);
  }

  private async rebaseFromCounter(): Promise<void> {
    this.counter = await this.opts.readProgress();
    this.baseline = rebasedBaseline(this.delivered, this.counter);
    this.counterChangedAt = this.now();
  }

  private async refresh(): Promise<void> {
    if (this.baseline === undefined) return;
    const value = await this.opts.readProgress();
    if (value < this.counter) {
      // Someone reset the counter: what is outstanding is unknown, start counting afresh.
      this.opts.logger.warn({ was: this.counter, now: value }, 'analyzer progress counter went back; rebasing');
      this.counter = value;
      this.baseline = rebasedBaseline(this.delivered, value);
      this.counterChangedAt = this.now();
      return;
    }
    if (value !== this.counter) {
      this.counter = value;
      this.counterChangedAt = this.now();
    }
  }

  private checkStall(): void {
    const lag = this.lagNow();
    if (lag <= 0 || this.now() - this.counterChangedAt < this.opts.stallMs) return;
    this.opts.logger.warn(
      { lag, stallMs: this.opts.stallMs },
      'pipeline progress has not moved with candles outstanding (analyzer gone?); rebasing so the feed goes on',
    );
    this.baseline = rebasedBaseline(this.delivered, this.counter);
    this.counterChangedAt = this.now();
  }

  /** Waits until the lag is below MAX_LAG, then takes a slot for one candle (true), unless stopped first (false). */
  private async waitForLag(): Promise<boolean> {
    // The cached counter only under-states progress, so a small cached lag needs no round trip.
    if (this.lagNow() < this.opts.maxLag) return this.reserve();
    await this.refresh();
    while (!this.stopped && this.lagNow() >= this.opts.maxLag) {
      this.checkStall();
      if (this.lagNow() < this.opts.maxLag) break;
      await this.sleeper.sleep(this.pollMs);
      await this.refresh();
    }
    return this.stopped ? false : this.reserve();
  }

  private reserve(): true {
    this.inFlight++;
    return true;
  }

  private async waitForSchedule(candleTime: number, speed: number): Promise<void> {
    const now = this.now();
    if (this.firstCandleTime === undefined || candleTime < this.firstCandleTime) {
      this.firstCandleTime = candleTime;
      this.firstWallTime = now;
      return;
    }
    const due = dueAt(candleTime, this.firstCandleTime, this.firstWallTime, speed);
    if (now - due > 1_000) {
      // Fell behind (the analyzer held us): go on at pace from here rather than bursting to catch up.
      this.firstCandleTime = candleTime;
      this.firstWallTime = now;
      return;
    }
    if (due > now && !this.stopped) await this.sleeper.sleep(due - now);
  }
}
