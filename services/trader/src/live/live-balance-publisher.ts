import { topics } from '@roottrading/contracts';
import type { Bus } from '@roottrading/bus';
import type { Logger } from '@roottrading/logger';
import { readLiveAccount, type HeldPosition, type LiveAccountSnapshot } from './balance-sync.js';
import type { GuardedExchange } from './guarded-exchange.js';

export interface LiveBalancePublisherOptions {
  exchange: GuardedExchange;
  bus: Pick<Bus, 'publish'>;
  symbols: readonly string[];
  /** ACCOUNT_INTERVAL: publish at least this often. */
  intervalMs: number;
  /**
   * Fills in a burst publish at most this often: each publish reads the account (binance weight
   * 20) and the tickers from the exchange, which must stay well inside its rate limits.
   */
  minGapMs?: number;
  /** Our open positions, for the holdings' cost in the totals. */
  positions?: () => Promise<readonly HeldPosition[]>;
  logger?: Logger;
  /** After each successful read (snapshots, /health). */
  onSnapshot?: (snapshot: LiveAccountSnapshot) => void | Promise<void>;
}

/**
 * Publishes the exchange account on `account:balances` and `account:total_balance`: every
 * interval, and soon after each fill (changed()), coalesced so a burst of fills costs one read.
 * A failed read is logged and retried at the next occasion; it never throws into the caller.
 */
export class LiveBalancePublisher {
  published = 0;
  failures = 0;
  lastError: string | null = null;
  lastPublishedAt: number | null = null;
  private ticker: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = false;
  private lastStart = 0;

  constructor(private readonly opts: LiveBalancePublisherOptions) {}

  start(): void {
    this.stopped = false;
    this.changed();
    this.ticker = setInterval(() => this.changed(), this.opts.intervalMs);
  }

  /** The account changed (a fill) or the interval ticked: publish soon. */
  changed(): void {
    if (this.stopped) return;
    this.pending = true;
    this.schedule();
  }

  /** Stops the ticker and waits for a publish in flight; a change still pending is published first. */
  async stop(): Promise<void> {
    clearInterval(this.ticker);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    if (this.pending && !this.stopped) await this.publishNow();
    this.stopped = true;
  }

  /** Resolves once no publish is running or scheduled (what a test waits for before it injects a fault). */
  async quiet(): Promise<void> {
    while (this.running || this.timer) await (this.running ?? new Promise((r) => setTimeout(r, 20)));
  }

  /** Reads and publishes now (start-up: the engine gets the exchange's balances before it trades). */
  readNow(): Promise<void> {
    return this.publishNow();
  }

  private schedule(): void {
    if (this.running || this.timer || !this.pending) return;
    const wait = Math.max(0, this.lastStart + (this.opts.minGapMs ?? 2_000) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.publishNow().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, wait);
  }

  private async publishNow(): Promise<void> {
    const { exchange, bus, symbols, logger } = this.opts;
    this.pending = false;
    this.lastStart = Date.now();
    try {
      const positions = (await this.opts.positions?.()) ?? [];
      const snapshot = await readLiveAccount(exchange, { symbols, positions });
      await bus.publish(topics.balances, snapshot.balances);
      await bus.publish(topics.totalBalance, snapshot.totals);
      this.published++;
      this.lastPublishedAt = snapshot.balances.timestamp;
      this.lastError = null;
      if (snapshot.unpriced.length > 0)
        logger?.debug({ unpriced: snapshot.unpriced }, 'assets without a price left out of totals');
      await this.opts.onSnapshot?.(snapshot);
    } catch (err) {
      this.failures++;
      this.lastError = err instanceof Error ? err.message : String(err);
      logger?.warn({ error: this.lastError }, 'live balance publish failed');
    }
  }
}
