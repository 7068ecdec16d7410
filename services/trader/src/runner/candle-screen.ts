import { toPlain } from '@roottrading/accounting';
import type { Candle } from '@roottrading/contracts';
import { CandleGate, gateClockFor, type EngineState, type GateOutcome } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';

/** What the exchange said of a held jump: real (its own price is there) or not, and why. */
export interface ExchangeWord {
  confirmed: boolean;
  reason: string;
}

export interface CandleScreenDeps<T> {
  intervalMs: number;
  /** CANDLE_MAX_JUMP. */
  maxJumpPct: string;
  candleOf: (item: T) => Candle;
  /** The account as committed: its last candle of a symbol is what the first new one is checked against. */
  state: () => Readonly<EngineState>;
  logger: Logger;
  now?: () => number;
  /**
   * Live: asks the exchange about a held jump at once, so a real crash moves the stops on its own
   * candle; undefined (the exchange could not be read) leaves it to the next candle.
   */
  confirm?: (candle: Candle) => Promise<ExchangeWord | undefined>;
}

/**
 * The trader's side of the CandleGate: every candle is checked before the engine sees it, so a
 * refused one never moves a price, a stop, equity or the kill switch. Refusals are logged once
 * each with the reason and counted for /health.
 */
export class CandleScreen<T> {
  /** Candles refused (impossible, in the future, an unconfirmed jump). */
  refused = 0;
  /** Jumps confirmed: by the next candle, or by the exchange. */
  confirmed = 0;
  confirmedByExchange = 0;
  private readonly gate: CandleGate<T>;
  private readonly seeded = new Set<string>();

  constructor(private readonly deps: CandleScreenDeps<T>) {
    this.gate = new CandleGate({ intervalMs: deps.intervalMs, maxJumpPct: deps.maxJumpPct }, (item) =>
      deps.candleOf(item),
    );
  }

  /** The symbol's candle held for confirmation, if any. */
  heldOf(symbol: string): T | undefined {
    return this.gate.heldOf(symbol);
  }

  get holding(): number {
    return this.gate.holding;
  }

  async check(item: T): Promise<GateOutcome<T>> {
    const c = this.deps.candleOf(item);
    this.seed(c.symbol);
    const out = this.gate.check(item, gateClockFor(c, (this.deps.now ?? Date.now)()));
    if (out.accepted.length > 1) this.confirmed++;
    if (out.held !== null) await this.askExchange(c, out);
    for (const r of out.refused) {
      this.refused++;
      const rc = this.deps.candleOf(r.item);
      this.deps.logger.warn(
        { symbol: rc.symbol, candleAt: new Date(rc.startTime).toISOString(), source: rc.source, reason: r.reason },
        `candle refused: ${r.reason}`,
      );
    }
    return out;
  }

  private async askExchange(c: Candle, out: GateOutcome<T>): Promise<void> {
    const held = out.held;
    const word = this.deps.confirm ? await this.deps.confirm(c) : undefined;
    // Another check may have settled it while the exchange answered: then that verdict stands.
    if (this.gate.heldOf(c.symbol) !== held) return;
    if (!word) {
      this.deps.logger.info(
        { symbol: c.symbol, candleAt: new Date(c.startTime).toISOString(), close: c.close },
        'candle held until the next one confirms it',
      );
      return;
    }
    const settled = this.gate.settle(c.symbol, word.confirmed, word.reason);
    out.held = null;
    out.accepted.push(...settled.accepted);
    out.refused.push(...settled.refused);
    if (word.confirmed) {
      this.confirmed++;
      this.confirmedByExchange++;
      this.deps.logger.info({ symbol: c.symbol, close: c.close, reason: word.reason }, 'the exchange confirms a jump');
    }
  }

  /** The first check of a symbol follows the account's last stepped candle. */
  private seed(symbol: string): void {
    if (this.seeded.has(symbol)) return;
    this.seeded.add(symbol);
    const last = this.deps.state().lastCandles.get(symbol);
    if (last) this.gate.seed(symbol, last.openTime, toPlain(last.close));
  }

  health(): { candlesRefused: number; candlesHeld: number; jumpsConfirmed: number; jumpsConfirmedByExchange: number } {
    return {
      candlesRefused: this.refused,
      candlesHeld: this.holding,
      jumpsConfirmed: this.confirmed,
      jumpsConfirmedByExchange: this.confirmedByExchange,
    };
  }
}
