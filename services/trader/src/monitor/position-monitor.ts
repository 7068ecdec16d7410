import { dec, type Decimal } from '@roottrading/accounting';
import type { AccountBook, BookPosition } from '../account/account-book.js';
import type { TrailUpdate } from '../repositories/positions.js';
import type { BufferedCandle, CandleBuffer } from './candle-buffer.js';
import { evaluateCandle, type ExitDecision } from '@roottrading/engine';

/** A protective exit the monitor found: sell the whole position at `price`. */
export interface DueExit extends ExitDecision {
  strategy: string;
  symbol: string;
  /** The life it was computed for: if the position closed (or reopened) meanwhile, it is void. */
  openedAt: Date;
  /** The candle that crossed the level: the exit trades at its close time. */
  candle: BufferedCandle;
}

/**
 * Watches the open positions that have a stop-loss, take-profit or trailing stop, over the
 * candles in the buffer, and says which must close. It works on an AccountBook (the committed one,
 * or a transaction's draft), keeping there how far each position has been checked and where its
 * trail stands; no database round trip unless a candle the buffer lacks is needed (see `gap`).
 */
export class PositionMonitor {
  constructor(
    private readonly buffer: CandleBuffer,
    private readonly tickOf: (symbol: string) => Decimal,
    private readonly intervalMs: number,
  ) {}

  /**
   * Candles some protected position of `symbol` still has to be checked against, up to `upTo`,
   * that fell out of the buffer (the trader read its entry long after the market moved on): the
   * caller loads them from the candles table.
   */
  gap(book: AccountBook, symbol: string, upTo: number): { after: number; upTo: number; bufferedFrom: number } | null {
    const oldest = this.buffer.oldest(symbol);
    if (!oldest) return null;
    let after = Number.POSITIVE_INFINITY;
    for (const p of book.protectedPositions(symbol)) {
      if (!p.exitPending && p.watchedThrough !== null) after = Math.min(after, p.watchedThrough);
    }
    if (after === Number.POSITIVE_INFINITY || after + this.intervalMs >= oldest.startTime || after >= upTo) return null;
    return { after, upTo: Math.min(upTo, oldest.startTime - 1), bufferedFrom: oldest.startTime };
  }

  /**
   * Checks the protected positions of `symbol` against the candles after where each was checked
   * through, up to the candle opening at `upTo` (older ones from `older` first). Trails move in the
   * book; a position that must close is marked exit-pending there and returned.
   */
  due(
    book: AccountBook,
    symbol: string,
    upTo = Number.POSITIVE_INFINITY,
    older: readonly BufferedCandle[] = [],
  ): DueExit[] {
    const exits: DueExit[] = [];
    const tick = this.tickOf(symbol);
    for (const p of book.protectedPositions(symbol)) {
      if (p.exitPending || !p.openedAt) continue;
      const from = p.watchedThrough ?? Number.NEGATIVE_INFINITY;
      const candles = [
        ...older.filter((c) => c.startTime > from && c.startTime <= upTo),
        ...this.buffer.between(symbol, Math.max(from, older.at(-1)?.startTime ?? from), upTo),
      ];
      if (candles.length === 0) continue;
      const exit = this.walk(book, p, candles, tick);
      if (exit) exits.push(exit);
    }
    return exits;
  }

  /** Where trails moved since the last flush, for the database; they are marked clean. */
  takeTrailUpdates(book: AccountBook): TrailUpdate[] {
    const out: TrailUpdate[] = [];
    for (const p of book.openPositions()) {
      if (!p.trailDirty || !p.trail || !p.openedAt) continue;
      out.push({
        strategy: p.strategy,
        symbol: p.symbol,
        openedAt: p.openedAt,
        high: p.trail.high.toFixed(),
        stop: p.trail.stop?.toFixed() ?? null,
      });
      book.patch(p.key, { trailDirty: false });
    }
    return out;
  }

  private walk(book: AccountBook, p: BookPosition, candles: readonly BufferedCandle[], tick: Decimal): DueExit | null {
    const entryPrice = p.cost.div(p.quantity);
    let trail = p.trail;
    let trailDirty = p.trailDirty;
    let watchedThrough = p.watchedThrough;
    for (const c of candles) {
      watchedThrough = c.startTime;
      const verdict = evaluateCandle(
        { entryPrice, protection: p.protection, trail },
        { open: dec(c.open), high: dec(c.high), low: dec(c.low) },
        tick,
      );
      if (verdict.exit) {
        book.patch(p.key, { trail, trailDirty, watchedThrough, exitPending: true });
        return { ...verdict.exit, strategy: p.strategy, symbol: p.symbol, openedAt: p.openedAt!, candle: c };
      }
      if (verdict.trail) {
        trail = verdict.trail;
        trailDirty = true;
      }
    }
    book.patch(p.key, { trail, trailDirty, watchedThrough });
    return null;
  }
}
