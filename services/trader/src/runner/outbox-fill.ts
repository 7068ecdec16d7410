import type { AnalysedCandle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import type { OutboxReader } from '../repositories/outbox.js';

export type Delivered = { value: AnalysedCandle; entryId: string };

/** Ids of entries read from the outbox: no stream entry, so never acknowledged. */
export const OUTBOX = 'outbox:';

/**
 * The analysed candles the stream did not deliver, from the outbox (the analyzer stores every entry
 * there before it sends it): the ones in a hole before an entry that does not follow its symbol's
 * last candle (Redis restarted without its data), and the ones after the last delivered, which no
 * later entry would reveal (the stream lost the tail, and the feed then ended or went quiet).
 */
export class OutboxFill {
  /** Entries stepped from the outbox. */
  count = 0;
  /** The newest candle delivered per symbol, held or stepped: the one the next entry must follow. */
  private readonly delivered = new Map<string, number>();

  constructor(
    private readonly deps: {
      outbox: OutboxReader;
      symbols: readonly string[];
      intervalMs: number;
      /** The open time of the newest candle the engine stepped for a symbol. */
      lastStepped: (symbol: string) => number | undefined;
      logger: Logger;
    },
  ) {}

  /**
   * The batch with, before each entry that does not follow its symbol's last candle, the entries in
   * between: a hole that is not in the outbox either (minutes the exchange had no candle for) costs
   * one query and adds nothing.
   */
  async withMissed(batch: readonly Delivered[]): Promise<Delivered[]> {
    const out: Delivered[] = [];
    for (const item of batch) {
      const { symbol, startTime } = item.value.candle;
      if (this.deps.symbols.includes(symbol)) {
        const last = this.newest(symbol);
        if (last !== undefined && startTime > last + this.deps.intervalMs) {
          const missed = await this.deps.outbox.between(symbol, last, startTime);
          out.push(...this.taken(missed, 'entries missing from the stream stepped from the outbox'));
        }
        if (last === undefined || startTime > last) this.delivered.set(symbol, startTime);
      }
      out.push(item);
    }
    return out;
  }

  /**
   * Up to `limit` entries after the newest delivered of each symbol the account has a place in. Only
   * for when the stream has gone quiet: while it delivers, the holes show themselves.
   */
  async tail(limit: number): Promise<Delivered[]> {
    const after = new Map<string, number>();
    for (const symbol of this.deps.symbols) {
      const last = this.newest(symbol);
      if (last !== undefined) after.set(symbol, last);
    }
    const entries = await this.deps.outbox.after(after, limit);
    for (const e of entries) {
      const { symbol, startTime } = e.candle;
      if (startTime > (this.delivered.get(symbol) ?? Number.NEGATIVE_INFINITY)) this.delivered.set(symbol, startTime);
    }
    return this.taken(entries, 'entries after the last the stream delivered stepped from the outbox');
  }

  /** Deletes stored entries more than `keepMs` before each symbol's last stepped candle. */
  async prune(keepMs: number): Promise<number> {
    const before = new Map<string, number>();
    for (const symbol of this.deps.symbols) {
      const stepped = this.deps.lastStepped(symbol);
      if (stepped !== undefined) before.set(symbol, stepped - keepMs);
    }
    return before.size === 0 ? 0 : this.deps.outbox.prune(before);
  }

  private newest(symbol: string): number | undefined {
    const delivered = this.delivered.get(symbol);
    const stepped = this.deps.lastStepped(symbol);
    if (delivered === undefined) return stepped;
    return stepped === undefined ? delivered : Math.max(delivered, stepped);
  }

  private taken(entries: readonly AnalysedCandle[], message: string): Delivered[] {
    if (entries.length === 0) return [];
    this.count += entries.length;
    const first = entries[0]!.candle;
    this.deps.logger.warn(
      { from: new Date(first.startTime).toISOString(), symbol: first.symbol, entries: entries.length },
      message,
    );
    return entries.map((value) => ({ value, entryId: `${OUTBOX}${value.candle.symbol}@${value.candle.startTime}` }));
  }
}
