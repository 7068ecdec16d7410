import type { CandleEvent } from './core/events.js';

/**
 * Puts analysed-candle entries into market order whatever order they arrive in: everything at
 * candle open time T, for every symbol in SYMBOLS order, before anything at T+1 — the order
 * account-wide rules (open positions, exposure, the kill switch) depend on. Each symbol's entries
 * arrive in their own order; what interleaves them is delivery.
 *
 * The next entry in market order, symbol k's candle at T, goes as soon as nothing can still come
 * before it: every symbol before k in SYMBOLS has delivered T or later, and every symbol after k has
 * delivered T − interval or later (candles open on interval boundaries, so its next one opens at T at
 * the earliest, and that comes after k's). So a burst is stepped symbol by symbol as it arrives,
 * not once the last symbol's candle is in; a symbol with no candle at T (a minute without trades)
 * holds the others back only until its next one arrives. `releaseThrough` is for a runner that stops
 * waiting for a stalled symbol; `pending` tells it how far behind it is.
 */
export class MarketSequencer {
  private readonly queues = new Map<string, CandleEvent[]>();
  /** Newest open time delivered per symbol. */
  private readonly newest = new Map<string, number>();

  constructor(
    private readonly symbols: readonly string[],
    private readonly intervalMs: number,
  ) {
    for (const s of symbols) this.queues.set(s, []);
  }

  /** Takes one entry; an entry of a symbol not in SYMBOLS is handed straight back to be refused by the engine. */
  push(entry: CandleEvent): CandleEvent[] {
    const queue = this.queues.get(entry.candle.symbol);
    if (!queue) return [entry];
    const t = entry.candle.openTime;
    // Usually appended; an entry older than one already buffered is put in its place.
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.candle.openTime > t) i--;
    queue.splice(i, 0, entry);
    this.newest.set(entry.candle.symbol, Math.max(this.newest.get(entry.candle.symbol) ?? t, t));
    return this.release();
  }

  /** Every entry nothing can still come before, in market order. */
  release(): CandleEvent[] {
    const out: CandleEvent[] = [];
    for (;;) {
      const next = this.head();
      if (!next || !this.safe(next.rank, next.openTime)) return out;
      out.push(this.queues.get(this.symbols[next.rank]!)!.shift()!);
    }
  }

  /** The first buffered entry in market order: the earliest open time, then SYMBOLS order. */
  private head(): { rank: number; openTime: number } | null {
    let best: { rank: number; openTime: number } | null = null;
    this.symbols.forEach((s, rank) => {
      const first = this.queues.get(s)![0];
      if (first && (!best || first.candle.openTime < best.openTime)) best = { rank, openTime: first.candle.openTime };
    });
    return best;
  }

  private safe(rank: number, openTime: number): boolean {
    return this.symbols.every((s, j) => {
      if (j === rank) return true;
      const newest = this.newest.get(s) ?? Number.NEGATIVE_INFINITY;
      return j < rank ? newest >= openTime : newest >= openTime - this.intervalMs;
    });
  }

  /** Every buffered entry opening at or before `openTime`, in market order, whatever is still missing. */
  releaseThrough(openTime: number): CandleEvent[] {
    const out: CandleEvent[] = [];
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (const q of this.queues.values()) if (q.length > 0) next = Math.min(next, q[0]!.candle.openTime);
      if (next > openTime || next === Number.POSITIVE_INFINITY) return out;
      for (const s of this.symbols) {
        const q = this.queues.get(s)!;
        while (q.length > 0 && q[0]!.candle.openTime === next) out.push(q.shift()!);
      }
    }
  }

  /** How many entries wait for a slower symbol. */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }
}
