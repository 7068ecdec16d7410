import { dec, type Decimal } from '@roottrading/accounting';
import type { Candle } from '@roottrading/contracts';
import { candleFault, iso, type CheckedCandle, type GateClock } from './candle-faults.js';
import { priceJump } from './price-jump.js';

export interface CandleGateOptions {
  /** The base candle interval: open times sit on its grid. */
  intervalMs: number;
  /** CANDLE_MAX_JUMP in % (plain decimal text, "20"); "0" turns confirmation off (of jumps in price and, on the market clock, in time). */
  maxJumpPct: string;
}

export type { GateClock };

export interface Refused<T> {
  item: T;
  reason: string;
}

/** What one check decided. `accepted` is in candle order: a confirmed held candle, then the new one. */
export interface GateOutcome<T> {
  accepted: T[];
  refused: Refused<T>[];
  /** The candle now held for confirmation, if this check held one. */
  held: T | null;
}

interface Last {
  startTime: number;
  close: string;
}

interface Held<T> {
  item: T;
  candle: CheckedCandle;
  /** Why it is held: the reason it is refused with if nothing confirms it. */
  why: string;
}

/**
 * The one check every candle passes before anything uses it — the gateway before publishing, the
 * analyzer before its strategies, the trader before its engine, the backtester before both — so a
 * backtest and the services accept the very same candles. Per symbol it keeps the last accepted
 * close and at most one held candle. A candle is refused for what `candleFault` finds; one whose
 * high or low is more than CANDLE_MAX_JUMP from the last accepted close (or, on the market clock,
 * that opens after a gap) is held: the next candle of the symbol confirms it when it opens later
 * and stays within the limit of the held close (both accepted, in order); otherwise the held one is
 * refused and the next is judged against the last accepted close as if the held one never came.
 * A real crash is thus one candle late; a lone forged price never moves anything. The decision
 * reads candles and the caller's clock only: the same candles give the same verdicts everywhere.
 */
export class CandleGate<T = Candle> {
  private readonly last = new Map<string, Last>();
  private readonly held = new Map<string, Held<T>>();
  private readonly maxJump: Decimal;
  /** Whether confirmation is on (CANDLE_MAX_JUMP above 0), and the limit's double: asked on every candle. */
  private readonly confirming: boolean;
  private readonly maxJumpDouble: number;

  constructor(
    private readonly opts: CandleGateOptions,
    private readonly candleOf: (item: T) => CheckedCandle = (item) => item as unknown as CheckedCandle,
  ) {
    this.maxJump = dec(opts.maxJumpPct);
    this.confirming = this.maxJump.gt(0);
    this.maxJumpDouble = this.maxJump.toNumber();
  }

  /** The last candle accepted before this gate existed (a warm-up's, the ledger's), unchecked. */
  seed(symbol: string, startTime: number, close: string): void {
    this.last.set(symbol, { startTime, close });
  }

  /** The symbol's held candle, if any. */
  heldOf(symbol: string): T | undefined {
    return this.held.get(symbol)?.item;
  }

  /** Candles held for confirmation, all symbols. */
  get holding(): number {
    return this.held.size;
  }

  check(item: T, now: GateClock): GateOutcome<T> {
    const c = this.candleOf(item);
    const out: GateOutcome<T> = { accepted: [], refused: [], held: null };
    const fault = candleFault(c, this.opts.intervalMs, now);
    if (fault) {
      // An impossible candle is no evidence about a held one: it stays held.
      out.refused.push({ item, reason: fault });
      return out;
    }
    const pending = this.held.get(c.symbol);
    if (pending) {
      this.held.delete(c.symbol);
      const doubt = this.doubt(c, { startTime: pending.candle.startTime, close: pending.candle.close }, now);
      if (c.startTime > pending.candle.startTime && doubt === null) {
        this.take(pending.item, pending.candle, out);
        this.take(item, c, out);
        return out;
      }
      out.refused.push({
        item: pending.item,
        reason: `${pending.why}, and the next candle (${iso(c.startTime)}, close ${c.close}) did not confirm it`,
      });
    }
    const last = this.last.get(c.symbol);
    const why = last ? this.doubt(c, last, now) : null;
    if (why === null) this.take(item, c, out);
    else {
      this.held.set(c.symbol, { item, candle: c, why });
      out.held = item;
    }
    return out;
  }

  /**
   * The held candle of `symbol` settled by other evidence (live: the exchange's own price, read at
   * once so a real crash does not wait a candle to move a stop). Refused with `reason` when not confirmed.
   */
  settle(symbol: string, confirmed: boolean, reason = 'not confirmed'): GateOutcome<T> {
    const out: GateOutcome<T> = { accepted: [], refused: [], held: null };
    const pending = this.held.get(symbol);
    if (!pending) return out;
    this.held.delete(symbol);
    if (confirmed) this.take(pending.item, pending.candle, out);
    else out.refused.push({ item: pending.item, reason: `${pending.why}, and ${reason}` });
    return out;
  }

  /** Why `c` may not follow `ref` without confirmation, or null. */
  private doubt(c: CheckedCandle, ref: Last, now: GateClock): string | null {
    if (this.confirming) {
      const jump = priceJump(c, ref.close, this.maxJump, this.maxJumpDouble);
      if (jump) {
        return (
          `jump of ${jump.pct}% from the last close ${ref.close} (${jump.price} ${jump.value}) ` +
          `exceeds CANDLE_MAX_JUMP ${this.opts.maxJumpPct}%`
        );
      }
    }
    if (this.confirming && now === 'market' && c.startTime > ref.startTime + this.opts.intervalMs) {
      return `open time ${iso(c.startTime)} is more than one interval after the last candle (${iso(ref.startTime)})`;
    }
    return null;
  }

  private take(item: T, c: CheckedCandle, out: GateOutcome<T>): void {
    this.last.set(c.symbol, { startTime: c.startTime, close: c.close });
    out.accepted.push(item);
  }
}

/** The clock a candle is checked on: the wall clock for live exchange prices ("ccxt:…"), the market's own time otherwise. */
export function gateClockFor(candle: { source?: string }, wallNow: number): GateClock {
  return (candle.source ?? '').startsWith('ccxt') ? wallNow : 'market';
}
