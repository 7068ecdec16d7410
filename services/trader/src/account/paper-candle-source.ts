import type { Tx } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { recordAccountSource } from '../repositories/account-source.js';

/**
 * A paper account trades on one market's prices: the source of the first candles it stepped
 * ("replay", "synthetic", "ccxt:binance"), recorded with that batch. Candles from another source
 * (the gateway restarted on MARKET_SOURCE=synthetic over a replay's account) would value its
 * positions at another market's prices and fire its stops on them: they are never stepped, counted
 * per source for /health and reported once per source, saying how to start a fresh account.
 */
export class PaperCandleSource {
  readonly ignored = new Map<string, number>();
  private recorded: boolean;

  constructor(
    private expected: string | null,
    private readonly logger: Logger,
  ) {
    this.recorded = expected !== null;
  }

  get source(): string | null {
    return this.expected;
  }

  accepts(source: string): boolean {
    if (this.expected === null) {
      this.expected = source;
      this.logger.info({ source }, `the paper account trades on "${source}" prices`);
    }
    if (source === this.expected) return true;
    const seen = (this.ignored.get(source) ?? 0) + 1;
    this.ignored.set(source, seen);
    if (seen === 1) {
      this.logger.error(
        { source, accountSource: this.expected },
        `candles from "${source}" ignored: this paper account trades on "${this.expected}" prices. ` +
          `Each experiment gets its own account: start the stack on a new DATABASE_URL, ` +
          `or reset this one (POST /account/reset) to trade on the new prices`,
      );
    }
    return false;
  }

  /** The record to write in the next batch's transaction, until one has committed. */
  pendingWrite(): ((tx: Tx) => Promise<void>) | undefined {
    const source = this.expected;
    if (this.recorded || source === null) return undefined;
    return (tx) => recordAccountSource(tx, true, source);
  }

  written(): void {
    this.recorded = true;
  }

  /** After an account reset (its record deleted in the reset's transaction): the next candles' source is adopted. */
  reset(): void {
    this.expected = null;
    this.recorded = false;
  }

  health(): { source: string | null; ignored: Record<string, number> } {
    return { source: this.expected, ignored: Object.fromEntries(this.ignored) };
  }
}
