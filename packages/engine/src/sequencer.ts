import type { CandleEvent } from './core/events.js';

/**
 * Puts analysed-candle entries into market order whatever order they arrive in: everything at
 * candle open time T, for every symbol in SYMBOLS order, before anything at T+1 — the order
 * account-wide rules (open positions, exposure, the kill switch) depend on. Each symbol's entries
 * arrive in their own order (one durable stream per symbol); what interleaves them is delivery.
 *
 * T is released once every symbol has delivered T or a later candle, so a symbol with no candle at
 * T (a minute without trades) holds it back only until its next one arrives. `releaseThrough` is for
 * a runner that stops waiting for a stalled symbol; `pending` tells it how far behind it is.
 */
export class MarketSequencer {
  private readonly queues = new Map<string, CandleEvent[]>();
  /** Newest open time delivered per symbol. */
  private readonly newest = new Map<string, number>();

  constructor(private readonly symbols: readonly string[]) {
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

  /** Everything every symbol has delivered up to, in market order. */
  release(): CandleEvent[] {
    let horizon = Number.POSITIVE_INFINITY;
    for (const s of this.symbols) horizon = Math.min(horizon, this.newest.get(s) ?? Number.NEGATIVE_INFINITY);
    return this.releaseThrough(horizon);
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
