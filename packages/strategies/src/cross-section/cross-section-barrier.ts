import type { Bar } from '../strategies/types.js';

/** One symbol's base candle at one open time, with the entry it goes out in (none: a warm-up bar). */
export interface Member<E> {
  symbol: string;
  bar: Bar;
  entry: E | undefined;
}

/** The members of one open time, in SYMBOLS order: the symbols with no candle then are not among them. */
export interface ReadySection<E> {
  openTime: number;
  members: Member<E>[];
}

/**
 * Holds each symbol's candles until the cross-section of their open time is complete: the earliest
 * open time T held is released once every symbol has delivered T or later. Each symbol's candles come
 * in its own order, so a symbol whose newest candle is later than T has none at T still to come: it
 * is absent at T (a gap), and T is released without it. The rule reads only the candles, never when
 * they arrived or the clock, so the analyzer (candles of each symbol interleaved by delivery) and the
 * backtester (one open time at a time) release the same sections. A symbol that has delivered nothing
 * yet holds every section back (as the trader's sequencer waits for it).
 */
export class CrossSectionBarrier<E> {
  private readonly queues = new Map<string, Member<E>[]>();
  /** Newest open time delivered per symbol. */
  private readonly newest = new Map<string, number>();

  constructor(readonly symbols: readonly string[]) {
    this.reset();
  }

  /** Members held, waiting for another symbol. */
  get held(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  has(symbol: string): boolean {
    return this.queues.has(symbol);
  }

  /** Whether a candle at `openTime` would go back in its symbol's time: a new series (a replay started over). */
  isBehind(symbol: string, openTime: number): boolean {
    const newest = this.newest.get(symbol);
    return newest !== undefined && openTime <= newest;
  }

  /** Takes a symbol's next candle (later than its last one); returns the sections now complete, in time order. */
  push(member: Member<E>): ReadySection<E>[] {
    const queue = this.queues.get(member.symbol);
    if (!queue) throw new RangeError(`${member.symbol} is not one of the symbols the cross-sections wait on`);
    if (this.isBehind(member.symbol, member.bar.startTime))
      throw new RangeError(`a ${member.symbol} candle at ${member.bar.startTime} is not after its last one`);
    queue.push(member);
    this.newest.set(member.symbol, member.bar.startTime);
    return this.release(false);
  }

  /** Every section held, complete or not (the end of a backtest: no later candle will come). */
  flush(): ReadySection<E>[] {
    return this.release(true);
  }

  /** Forgets everything; returns what was held, in time then SYMBOLS order. */
  reset(): Member<E>[] {
    const held = this.queues.size > 0 ? this.release(true).flatMap((s) => s.members) : [];
    for (const s of this.symbols) this.queues.set(s, []);
    this.newest.clear();
    return held;
  }

  private release(force: boolean): ReadySection<E>[] {
    const out: ReadySection<E>[] = [];
    for (;;) {
      let openTime = Number.POSITIVE_INFINITY;
      for (const q of this.queues.values()) if (q.length > 0) openTime = Math.min(openTime, q[0]!.bar.startTime);
      if (openTime === Number.POSITIVE_INFINITY) return out;
      if (!force && !this.symbols.every((s) => (this.newest.get(s) ?? Number.NEGATIVE_INFINITY) >= openTime))
        return out;
      const members: Member<E>[] = [];
      for (const s of this.symbols) {
        const q = this.queues.get(s)!;
        if (q.length > 0 && q[0]!.bar.startTime === openTime) members.push(q.shift()!);
      }
      out.push({ openTime, members });
    }
  }
}
