import { dec, type Decimal, type DecimalValue } from '@roottrading/accounting';
import { topics, type AssetBalance, type QuoteTotal } from '@roottrading/contracts';
import type { Bus } from '@roottrading/bus';
import type { Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { LastPrices } from '../prices/last-prices.js';
import { insertBalanceSnapshot } from '../repositories/snapshots.js';
import { quoteTotals, valueBalances } from '../valuation/valuation.js';
import { Throttle } from './throttle.js';

/** Fills in a burst publish at most this often. */
export const PUBLISH_GAP_MS = 100;
/** Snapshot rows at most this often (plus one every ACCOUNT_INTERVAL). */
export const SNAPSHOT_GAP_MS = 1_000;

export interface Valuation {
  balances: AssetBalance[];
  totals: QuoteTotal[];
  unpriced: { currency: string; symbols: string[] }[];
}

/** What an account holds, as the ledger's rows (strings) or the engine's state (decimals). */
export interface Holdings {
  balances: readonly { asset: string; free: DecimalValue; locked: DecimalValue }[];
  positions: readonly { symbol: string; quantity: DecimalValue; cost: DecimalValue }[];
}

/** What the publisher needs of the paper account. */
export interface PublishedAccount {
  snapshot(): Holdings;
  /** The newest candle close stepped: the candle time a snapshot describes. */
  readonly candleTime: number | null;
}

export function valueAccount(snapshot: Holdings, symbols: readonly string[], prices: Map<string, Decimal>): Valuation {
  const balances = snapshot.balances.map((b) => ({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
  const positions = snapshot.positions.map((p) => ({ symbol: p.symbol, quantity: dec(p.quantity), cost: dec(p.cost) }));
  return {
    balances: valueBalances(balances, symbols, prices),
    ...quoteTotals(balances, positions, symbols, prices),
  };
}

/**
 * Tells the rest of the platform what the account holds: `account:balances` and
 * `account:total_balance` after fills (coalesced) and on every ACCOUNT_INTERVAL, plus
 * balance_snapshots rows — the portfolio's state at start and its equity curve. Each snapshot
 * carries the candle time it describes; besides the throttled ones after fills, one is taken each
 * time candle time crosses an EQUITY_SNAPSHOT_EVERY boundary, so a replay running at max speed
 * still draws a dense curve over its own days.
 */
export class AccountPublisher {
  private readonly publishThrottle: Throttle;
  private readonly snapshotThrottle: Throttle;
  private ticker: NodeJS.Timeout | undefined;
  /** Boundary snapshots are written one after the other, in candle-time order. */
  private boundaryWrites: Promise<void> = Promise.resolve();
  published = 0;
  snapshots = 0;

  constructor(
    private readonly deps: {
      bus: Bus;
      db: Db;
      account: PublishedAccount;
      prices: LastPrices;
      symbols: readonly string[];
      intervalMs: number;
      logger: Logger;
    },
  ) {
    const onError = (err: unknown) =>
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'account publish failed');
    this.publishThrottle = new Throttle(() => this.publishNow(), PUBLISH_GAP_MS, onError);
    this.snapshotThrottle = new Throttle(() => this.snapshotNow(), SNAPSHOT_GAP_MS, onError);
  }

  start(): void {
    this.changed();
    this.ticker = setInterval(() => this.changed(), this.deps.intervalMs);
  }

  /** The account changed (or the interval ticked): publish soon and snapshot soon. */
  changed(): void {
    this.publishThrottle.request();
    this.snapshotThrottle.request();
  }

  /**
   * New prices were handled: publish soon (throttled) so the totals follow the market, not only
   * fills. No snapshot row: those follow fills, the interval and candle-time boundaries.
   */
  repriced(): void {
    this.publishThrottle.request();
  }

  /**
   * Candle time crossed an EQUITY_SNAPSHOT_EVERY boundary: a snapshot of the account as it stood
   * there (captured by the runner, so a fast replay does not blur it), written unthrottled, in order.
   */
  boundary(point: { holdings: Holdings; prices: Map<string, Decimal>; candleTime: number }): void {
    const v = valueAccount(point.holdings, this.deps.symbols, point.prices);
    this.boundaryWrites = this.boundaryWrites
      .then(() => this.writeSnapshot(v, new Date(point.candleTime)))
      .catch((err: unknown) =>
        this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'equity snapshot failed'),
      );
  }

  /** Stops the ticker and sends what is still pending, so the last fill before a stop is published. */
  async stop(): Promise<void> {
    clearInterval(this.ticker);
    await this.boundaryWrites;
    await Promise.all([this.publishThrottle.flush(), this.snapshotThrottle.flush()]);
    this.publishThrottle.stop();
    this.snapshotThrottle.stop();
  }

  /** The account as last committed (kept in memory by the account), at the last prices. */
  valuation(): Valuation {
    return valueAccount(this.deps.account.snapshot(), this.deps.symbols, this.deps.prices.all());
  }

  private candleTime(): Date | null {
    const t = this.deps.account.candleTime;
    return t === null ? null : new Date(t);
  }

  private async publishNow(): Promise<void> {
    const { bus, logger } = this.deps;
    const v = this.valuation();
    const timestamp = Date.now();
    await bus.publish(topics.balances, { mode: 'demo', timestamp, balances: v.balances });
    await bus.publish(topics.totalBalance, { mode: 'demo', timestamp, totals: v.totals });
    if (v.unpriced.length > 0) logger.debug({ unpriced: v.unpriced }, 'holdings without a price left out of totals');
    this.published++;
  }

  private async snapshotNow(): Promise<void> {
    await this.writeSnapshot(this.valuation(), this.candleTime());
  }

  private async writeSnapshot(v: Valuation, candleTime: Date | null): Promise<void> {
    await insertBalanceSnapshot(this.deps.db, {
      takenAt: new Date(),
      candleTime,
      balances: v.balances,
      totals: v.totals,
    });
    this.snapshots++;
  }
}
