import type { Decimal } from '@roottrading/accounting';
import { quoteOf, type KillSwitchState } from '@roottrading/contracts';
import type { Db, OrderRow } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { TraderConfig } from '../config.js';
import { loadEquityMarks, saveEquityMarks } from '../repositories/equity-marks.js';
import { insertOperatorAction } from '../repositories/operator-actions.js';
import { loadRiskState, resetKillSwitch, tripKillSwitch } from '../repositories/risk-state.js';
import { EquityMeter } from '@roottrading/engine';
import { RiskGuard } from '../risk/risk-guard.js';
import type { LiveAccountSnapshot } from './balance-sync.js';
import { holdingsOfSnapshot } from './live-equity.js';
import { listUnsettledLiveOrders } from './live-order-store.js';

export const RISK_MANAGER = 'risk-manager';

/**
 * The kill switch (daily loss, drawdown from peak) of the exchange account, judged as in demo
 * mode: equity per quote currency from the last balance read, revalued by every candle in
 * between, persisted and audited with demo = false. Runs inside the account's queue (the account
 * calls it from its jobs); what a trip does to orders and positions is the account's, through
 * `onTrip`.
 */
export class LiveKillSwitch {
  private readonly guard: RiskGuard;
  private readonly meter = new EquityMeter();
  private equitySeenAt: number | null = null;
  /** A reset found no equity to re-base on (no balance read yet): the next read re-bases instead. */
  private rebaseOnNextRead = false;

  constructor(
    private readonly deps: {
      db: Db;
      config: Pick<
        TraderConfig,
        'SYMBOLS' | 'DAILY_LOSS_LIMIT_PCT' | 'MAX_DRAWDOWN_PCT' | 'KILL_SWITCH_CLOSE_POSITIONS'
      >;
      logger: Logger;
      now: () => number;
      onTrip: {
        /** Cancels resting orders and records their final state; the client id of one still open, if any. */
        cancelResting: (orders: readonly OrderRow[], cancelled: string[]) => Promise<string | undefined>;
        /** Sells every live position at market (exit reason kill_switch). */
        closePositions: () => Promise<readonly { order: OrderRow }[]>;
      };
    },
  ) {
    this.guard = new RiskGuard({
      dailyLossPct: deps.config.DAILY_LOSS_LIMIT_PCT,
      maxDrawdownPct: deps.config.MAX_DRAWDOWN_PCT,
    });
  }

  /** The kill switch and the equity marks as stored (demo = false): a restart keeps a tripped switch tripped. */
  async load(): Promise<void> {
    const [row, marks] = await Promise.all([loadRiskState(this.deps.db, false), loadEquityMarks(this.deps.db, false)]);
    this.guard.load(row, marks);
  }

  view(): KillSwitchState {
    return this.guard.view();
  }

  /** Why an entry is refused now (a tripped switch), or null. */
  refusal(): string | null {
    return this.guard.refusal();
  }

  /** The quote currency's equity from the last balance read, revalued by candles; null before the first read. */
  equity(quote: string): Decimal | null {
    return this.equitySeenAt !== null ? this.meter.equity(quote) : null;
  }

  /**
   * A balance read of the exchange account: the equity of each quote currency is measured against
   * the day's start and the peak, and a loss past DAILY_LOSS_LIMIT_PCT or MAX_DRAWDOWN_PCT trips.
   */
  async observeBalances(snapshot: LiveAccountSnapshot): Promise<void> {
    const { holdings, prices, currencies } = holdingsOfSnapshot(snapshot);
    this.meter.rebuild(holdings, prices, currencies);
    this.equitySeenAt = snapshot.balances.timestamp;
    if (this.rebaseOnNextRead) {
      this.rebaseOnNextRead = false;
      this.guard.rebase(this.equities(), snapshot.balances.timestamp);
    }
    await this.observeEquity(currencies, snapshot.balances.timestamp);
    // Marks are written once per balance read (a crash loses at most one interval of peak movement).
    await this.saveMarks();
  }

  /** A closed candle revalues its symbol's holdings (once a balance read has been seen). */
  async observeClose(symbol: string, close: Decimal, at: number): Promise<void> {
    const currency = this.meter.price(symbol, close);
    if (currency && this.equitySeenAt !== null) await this.observeEquity([currency], at);
  }

  /**
   * Clears a tripped kill switch (the only way to): the peak and the day's start are taken again
   * from the equity now, so the loss that tripped it does not trip it again on the next candle.
   */
  async reset(requestedBy: string): Promise<{ wasActive: boolean }> {
    const before = this.guard.view();
    const row = await this.deps.db.transaction().execute(async (tx) => {
      const r = await resetKillSwitch(tx, requestedBy, new Date(this.deps.now()), false);
      await insertOperatorAction(
        tx,
        {
          action: 'kill_switch_reset',
          actor: requestedBy,
          details: { wasActive: before.active, reason: before.reason, trippedAt: before.trippedAt },
        },
        false,
      );
      return r;
    });
    this.guard.setKillSwitch(row);
    const equities = this.equities();
    this.guard.rebase(equities, this.deps.now());
    // Before the first balance read (just restarted, or reads failing) there is nothing to re-base
    // on: the next read does it, or the old peak would trip the switch again at once.
    const quotes = new Set(this.deps.config.SYMBOLS.map(quoteOf));
    this.rebaseOnNextRead = [...quotes].some((q) => !equities.has(q));
    await this.saveMarks();
    this.deps.logger.warn({ requestedBy, wasActive: before.active }, 'kill switch reset');
    return { wasActive: before.active };
  }

  private equities(): Map<string, Decimal> {
    const out = new Map<string, Decimal>();
    for (const c of this.meter.currencies()) {
      const e = this.meter.equity(c);
      if (e) out.set(c, e);
    }
    return out;
  }

  private async observeEquity(currencies: readonly string[], at: number): Promise<void> {
    for (const currency of currencies) {
      const equity = this.meter.equity(currency);
      if (equity === null) continue;
      const breach = this.guard.observe(currency, equity, at);
      if (breach) await this.trip(breach);
    }
  }

  private async saveMarks(): Promise<void> {
    const marks = this.guard.takeDirtyMarks();
    try {
      await saveEquityMarks(this.deps.db, marks, false);
    } catch (err) {
      this.guard.markDirty(marks.map((m) => m.currency));
      throw err;
    }
  }

  /** Persisted and audited (demo = false); with KILL_SWITCH_CLOSE_POSITIONS every live position is sold at market. */
  private async trip(reason: string): Promise<void> {
    const { db, logger, config, onTrip } = this.deps;
    const trippedAt = this.guard.killSwitch.trippedAt ?? new Date(this.deps.now());
    const row = await db.transaction().execute(async (tx) => {
      const r = await tripKillSwitch(tx, reason, trippedAt, false);
      await insertOperatorAction(tx, { action: 'kill_switch_trip', actor: RISK_MANAGER, details: { reason } }, false);
      return r;
    });
    this.guard.setKillSwitch(row);
    await this.saveMarks();
    logger.warn({ reason }, 'kill switch tripped: new entries are refused until POST /risk/kill-switch/reset');
    // A resting BUY is an entry that has not happened yet: it must not fill after the trip.
    const buys = (await listUnsettledLiveOrders(db)).filter((o) => o.side === 'BUY' && o.status === 'open');
    const cancelled: string[] = [];
    const stillOpen = await onTrip.cancelResting(buys, cancelled).catch((err: unknown) => (err as Error).message);
    if (buys.length > 0) logger.warn({ cancelled, stillOpen }, 'kill switch cancelled the resting BUY orders');
    if (config.KILL_SWITCH_CLOSE_POSITIONS) {
      const orders = await onTrip.closePositions();
      logger.warn(
        { orders: orders.map((r) => ({ clientOrderId: r.order.client_order_id, status: r.order.status })) },
        'kill switch closed the live positions',
      );
    }
  }
}
