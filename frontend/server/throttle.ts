/**
 * The latest value per key, handed on at most once every `intervalMs` per key: the first value
 * after a quiet period goes out at once, values arriving inside the window replace each other and
 * only the newest goes out when the window ends. A max-speed replay publishing thousands of candles
 * a second thus reaches a browser as four per second per symbol, always ending on the latest one.
 */
export class LatestPerKey<T> {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, T>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, value: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  push(key: string, value: T): void {
    const last = this.lastSent.get(key);
    const t = this.now();
    if (last === undefined || t - last >= this.intervalMs) {
      if (!this.timers.has(key)) {
        this.send(key, value, t);
        return;
      }
    }
    this.pending.set(key, value);
    if (!this.timers.has(key)) {
      const wait = Math.max(0, (last ?? t) + this.intervalMs - t);
      const timer = setTimeout(() => this.flush(key), wait);
      timer.unref?.();
      this.timers.set(key, timer);
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private flush(key: string): void {
    this.timers.delete(key);
    const value = this.pending.get(key);
    if (value === undefined) return;
    this.pending.delete(key);
    this.send(key, value, this.now());
  }

  private send(key: string, value: T, at: number): void {
    this.lastSent.set(key, at);
    this.emit(key, value);
  }
}

/**
 * Collects items and hands them on as one batch at most every `intervalMs`. Past `cap` items a
 * burst either keeps only the newest `cap` (`drop`, saying how many were left out, so the page
 * knows to reload the list) or goes out whole, in batches of `cap` one after the other (`split`:
 * closed candles, none of which may be lost).
 */
export class Batcher<T> {
  private items: T[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly cap: number,
    private readonly emit: (items: T[], dropped: number) => void,
    private readonly now: () => number = Date.now,
    private readonly overflow: 'drop' | 'split' = 'drop',
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.overflow === 'drop' && this.items.length > this.cap) {
      this.dropped += this.items.length - this.cap;
      this.items = this.items.slice(-this.cap);
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = this.now();
    const items = this.items;
    const dropped = this.dropped;
    this.items = [];
    this.dropped = 0;
    for (let i = 0; i < items.length; i += this.cap) this.emit(items.slice(i, i + this.cap), i === 0 ? dropped : 0);
  }
}
