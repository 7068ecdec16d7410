import { dec, Decimal, floorToStep, toPlain } from '@roottrading/accounting';
import { intervalToMs, quoteOf, type Candle, type ControlsState, type Side, type Signal } from '@roottrading/contracts';
import { isUniqueViolation, type Db, type DbOrTx, type OrderRow, type Tx } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { TraderConfig } from '../config.js';
import { matchPause, pauseReason, type Pause } from '@roottrading/engine';
import { pauseOfRow, pauseView } from '../controls/pause-rows.js';
import { simulateFill, type FillCosts } from '@roottrading/engine';
import type { MarketRules, Markets } from '@roottrading/engine';
import { manualClientOrderId } from '../orders/client-order-id.js';
import { checkPosition } from '@roottrading/engine';
import { firstLimitFill, limitFill, reservationOf, type ReplayedCandle } from '@roottrading/engine';
import { CandleBuffer, type BufferedCandle } from '../monitor/candle-buffer.js';
import { PositionMonitor, type DueExit } from '../monitor/position-monitor.js';
import { executeOrder, type ExecutedOrder, type ExecutionRules, type OrderIntent } from '../orders/execute-order.js';
import { TxLocks } from '../orders/tx-locks.js';
import { CandleClock } from '../prices/candle-clock.js';
import { LastPrices, type PriceLookup } from '../prices/last-prices.js';
import {
  listBalances,
  lockBalances,
  moveLocked,
  replaceBalances,
  seedBalancesIfEmpty,
} from '../repositories/balances.js';
import { candlesBetween, latestCandleStart } from '../repositories/candles.js';
import { deleteEquityMarks, loadEquityMarks, saveEquityMarks } from '../repositories/equity-marks.js';
import { insertOperatorAction } from '../repositories/operator-actions.js';
import {
  cancelOpenDemoOrders,
  findOrderByIdempotencyKey,
  findSignalIdsWithOrders,
  insertOrder,
  listOpenDemoOrders,
  lockDemoOrder,
  settleOpenOrder,
  type OrderWithTrade,
} from '../repositories/orders.js';
import { listActivePauses } from '../repositories/pauses.js';
import { deleteDemoPositions, listOpenPositions, saveTrails } from '../repositories/positions.js';
import { loadRiskState, resetKillSwitch, tripKillSwitch } from '../repositories/risk-state.js';
import { EquityMeter } from '@roottrading/engine';
import { portfolioView } from '../risk/portfolio-view.js';
import { restingBuyExposure } from '@roottrading/engine';
import { RiskGuard } from '../risk/risk-guard.js';
import { checkEntryRisk, type RiskLimits } from '@roottrading/engine';
import { riskLimitsOf } from '../risk/risk-limits.js';
import { AccountBook, type AccountSnapshot, type BookPosition } from './account-book.js';
import { inCandleOrder, placedAt, reservationOfRow, type DueLimit, type OpenLimit } from './limit-orders.js';
import {
  closeIntent,
  MANUAL_STRATEGY,
  manualIntent,
  protectiveExitIntent,
  signalIntent,
  type ManualOrder,
  type ManualOutcomeOf,
} from './intents.js';
import { SerialQueue } from './serial-queue.js';

export { MANUAL_STRATEGY } from './intents.js';
export type { AccountSnapshot } from './account-book.js';

export interface AccountStats {
  signalsHandled: number;
  duplicateSignals: number;
  ordersFilled: number;
  ordersRejected: number;
  ordersExpired: number;
  protectiveExits: number;
}

export type SignalOutcome = { kind: 'duplicate' } | { kind: 'recorded'; result: ExecutedOrder };

export interface ManualOrderRequest extends Omit<ManualOrder, 'idempotencyKey'> {
  idempotencyKey?: string;
}

export type ManualOutcome = ManualOutcomeOf<OrderWithTrade>;

export interface LimitOrderRequest {
  symbol: string;
  side: Side;
  quantity: Decimal;
  /** On the market's tick (the route checks). */
  price: Decimal;
  idempotencyKey?: string;
}

export type CancelOutcome =
  { kind: 'not-found' } | { kind: 'not-open'; order: OrderRow } | { kind: 'canceled'; result: OrderWithTrade };

export interface CloseFilter {
  symbol?: string;
  strategy?: string;
}

export interface DemoAccountDeps {
  db: Db;
  config: Pick<
    TraderConfig,
    | 'SYMBOLS'
    | 'INTERVAL'
    | 'DEMO_BALANCES'
    | 'TRADE_QUANTITY'
    | 'FEE_RATE'
    | 'SLIPPAGE'
    | 'SIGNAL_MAX_AGE'
    | 'PRICE_MAX_AGE_INTERVALS'
    | 'DEMO_FEE_ASSET'
    | 'RISK_MAX_EXPOSURE_PCT'
    | 'RISK_MAX_OPEN_POSITIONS'
    | 'POSITION_SIZING'
    | 'POSITION_EQUITY_PCT'
    | 'RISK_PER_TRADE_PCT'
    | 'DAILY_LOSS_LIMIT_PCT'
    | 'MAX_DRAWDOWN_PCT'
    | 'KILL_SWITCH_CLOSE_POSITIONS'
    | 'EQUITY_SNAPSHOT_EVERY'
  >;
  markets: Markets;
  logger: Logger;
  now?: () => number;
  prices?: LastPrices;
  candles?: CandleBuffer;
}

const IDEMPOTENCY_UNIQUE = 'orders_idempotency_key_key';
/** Trails and equity marks are written at most this often (and when the trader stops). */
export const FLUSH_EVERY_MS = 1_000;
/** Who the audit trail names for what the risk manager does by itself. */
const RISK_MANAGER = 'risk-manager';
/** How long the monitor waits for the gateway to store candles it needs from the table. */
const CANDLE_STORE_WAIT_MS = 5_000;

/**
 * The paper account: every change to it goes through here, one at a time (SerialQueue), each in
 * one database transaction. Signals, manual orders, protective exits and operator closes share
 * the same executor and the same risk manager, so they obey the same rules.
 *
 * What the per-candle path needs — balances, positions and their stops, equity marks, pauses,
 * the kill switch — is kept in memory (AccountBook, RiskGuard), loaded once and replaced after
 * each commit; a candle costs a database round trip only when a position must close.
 */
export class DemoAccount {
  readonly queue = new SerialQueue();
  readonly stats: AccountStats = {
    signalsHandled: 0,
    duplicateSignals: 0,
    ordersFilled: 0,
    ordersRejected: 0,
    ordersExpired: 0,
    protectiveExits: 0,
  };
  readonly prices: LastPrices;
  readonly candles: CandleBuffer;
  readonly clock: CandleClock;
  /** Called after every commit that changed balances (fills and resets): the publisher hooks in here. */
  onChange: () => void = () => undefined;
  /** Called when candle time crosses an EQUITY_SNAPSHOT_EVERY boundary, after that candle was handled. */
  onSnapshotBoundary: () => void = () => undefined;

  private readonly now: () => number;
  private readonly risk: RiskGuard;
  private readonly monitor: PositionMonitor;
  private readonly meter = new EquityMeter();
  private readonly limits: RiskLimits;
  private readonly intervalMs: number;
  private book = AccountBook.empty();
  /** Resting paper limit orders by order id: what each candle is checked against (no DB round trip). */
  private readonly openLimits = new Map<string, OpenLimit>();
  private pauses: Pause[] = [];
  private loading: Promise<void> | undefined;
  private flusher: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: DemoAccountDeps) {
    const { config } = deps;
    this.now = deps.now ?? Date.now;
    this.prices = deps.prices ?? new LastPrices();
    this.candles = deps.candles ?? new CandleBuffer();
    this.clock = new CandleClock(config.EQUITY_SNAPSHOT_EVERY);
    this.intervalMs = intervalToMs(config.INTERVAL);
    this.risk = new RiskGuard({ dailyLossPct: config.DAILY_LOSS_LIMIT_PCT, maxDrawdownPct: config.MAX_DRAWDOWN_PCT });
    this.monitor = new PositionMonitor(
      this.candles,
      (symbol) => deps.markets.get(symbol)?.tickSize ?? dec('0.00000001'),
      this.intervalMs,
    );
    this.limits = riskLimitsOf(config);
  }

  private get seed(): Map<string, string> {
    return new Map([...this.deps.config.DEMO_BALANCES].map(([asset, amount]) => [asset, toPlain(amount)]));
  }

  /** Seeds DEMO_BALANCES into an empty account; an account that already exists is left as it is. */
  async seedIfEmpty(): Promise<boolean> {
    return this.queue.run(() => this.deps.db.transaction().execute((tx) => seedBalancesIfEmpty(tx, this.seed)));
  }

  /** Loads the account, the risk state and the pauses into memory (also done lazily by the first change). */
  async load(): Promise<void> {
    await this.queue.run(() => this.ensureLoaded());
  }

  /** Writes trails and equity marks every FLUSH_EVERY_MS until `stop`. */
  startFlushing(): void {
    this.flusher = setInterval(() => {
      if (!this.hasDirtyState()) return;
      this.queue.run(() => this.flushNow()).catch((err: unknown) => this.warn(err, 'writing trails and marks failed'));
    }, FLUSH_EVERY_MS);
  }

  /** Finishes queued work and writes what is still only in memory. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.flusher);
    await this.queue.idle();
    if (this.loading)
      await this.queue.run(() => this.flushNow()).catch((err: unknown) => this.warn(err, 'final flush failed'));
  }

  /** Back to DEMO_BALANCES with no positions and no equity marks; orders, trades and history stay. */
  async reset(): Promise<void> {
    await this.queue.run(async () => {
      await this.ensureLoaded();
      await this.deps.db.transaction().execute(async (tx) => {
        await cancelOpenDemoOrders(tx, 'canceled by the account reset');
        await replaceBalances(tx, this.seed);
        await deleteDemoPositions(tx);
        await deleteEquityMarks(tx);
      });
      this.risk.clearMarks();
      this.openLimits.clear();
      await this.reloadBook();
    });
    this.deps.logger.info({ balances: Object.fromEntries(this.seed) }, 'demo account reset');
    this.onChange();
  }

  /** One signal (see handleSignals). */
  async handleSignal(signal: Signal): Promise<SignalOutcome> {
    const [outcome] = await this.handleSignals([signal]);
    return outcome!;
  }

  /**
   * Handles a batch of signals from the durable stream in ONE transaction: exactly one order row
   * per signal id, whatever the number of deliveries. A signal that already has its order — found
   * by one query for the batch, or refused by the unique signal_id at insert time (ON CONFLICT DO
   * NOTHING: no error, so the transaction carries on) — is a duplicate, and so is a second copy in
   * the same batch. Every position and balance row the batch may touch is locked up front in two
   * statements. Protective exits due before a signal's candle are executed before it, in the same
   * transaction, so the outcome never depends on how far the trader lags. Resolves once committed
   * (the stream then acknowledges every entry); throws only when the database fails, and then
   * nothing of the batch is kept and every entry stays pending.
   */
  handleSignals(signals: readonly Signal[]): Promise<SignalOutcome[]> {
    return this.queue.run(async () => {
      await this.ensureLoaded();
      const outcomes: SignalOutcome[] = [];
      const exits: ExecutedOrder[] = [];
      await this.transact(async (tx, draft) => {
        const known = await findSignalIdsWithOrders(
          tx,
          signals.map((s) => s.id),
        );
        const locks = await this.lockFor(tx, signals);
        for (const signal of signals) {
          if (known.has(signal.id)) {
            outcomes.push({ kind: 'duplicate' });
            continue;
          }
          known.add(signal.id);
          exits.push(...(await this.exitsDue(tx, draft, locks, signal.symbol, signal.timestamp)));
          const intent = signalIntent(signal, this.signalBuyQuantity(), this.refuseSignal(signal));
          const result = await executeOrder(tx, intent, this.rules(draft), locks);
          // null: another process committed this signal's order meanwhile; its order stands.
          outcomes.push(result ? { kind: 'recorded', result } : { kind: 'duplicate' });
          applyToBook(draft, result, signal.timestamp);
        }
      });
      signals.forEach((signal, i) => this.logSignal(signal, outcomes[i]!));
      this.countProtective(exits);
      await this.afterCommit([...exits, ...outcomes.flatMap((o) => (o.kind === 'recorded' ? [o.result] : []))]);
      return outcomes;
    });
  }

  /**
   * A manual market order at the last price. With an Idempotency-Key the first outcome is final: a retry
   * (even one racing the first) gets that order back and trades nothing.
   */
  placeManualOrder(req: ManualOrderRequest, price: () => PriceLookup): Promise<ManualOutcome> {
    return this.queue.run(async () => {
      await this.ensureLoaded();
      const key = req.idempotencyKey ?? null;
      if (key !== null) {
        const existing = await findOrderByIdempotencyKey(this.deps.db, key);
        if (existing) return this.replay(existing, req);
      }
      const intent = manualIntent({ ...req, idempotencyKey: key }, price(), new Date(this.now()));
      try {
        const watchFrom = this.candles.newest(req.symbol)?.startTime ?? null;
        const result = await this.transact(async (tx, draft) => {
          const r = (await executeOrder(tx, intent, this.rules(draft)))!;
          applyToBook(draft, r, watchFrom);
          return r;
        });
        this.count(result);
        this.deps.logger.info({ ...summary(result) }, `manual ${req.side} ${req.symbol} → ${result.order.status}`);
        await this.afterCommit([result]);
        return { kind: 'order', result, replayed: false };
      } catch (err) {
        if (key !== null && isUniqueViolation(err, IDEMPOTENCY_UNIQUE)) {
          const existing = await findOrderByIdempotencyKey(this.deps.db, key);
          if (existing) return this.replay(existing, req);
        }
        throw err;
      }
    });
  }

  /** The market rules of a symbol (tick, step, minimum notional), if it has any. */
  market(symbol: string): MarketRules | undefined {
    return this.deps.markets.get(symbol);
  }

  /**
   * A manual limit order: checked like a market order at the limit price (risk manager for a BUY,
   * the manual position for a SELL, step, minimum value, balance), then recorded 'open' with its
   * funds moved from free to locked in the same transaction; or recorded 'rejected' with the reason.
   * It rests in memory until a candle trades through its price (fillLimits) or it is canceled.
   */
  placeLimitOrder(req: LimitOrderRequest): Promise<ManualOutcome> {
    return this.queue.run(async () => {
      await this.ensureLoaded();
      const key = req.idempotencyKey ?? null;
      const asked = { ...req, type: 'limit' as const };
      if (key !== null) {
        const existing = await findOrderByIdempotencyKey(this.deps.db, key);
        if (existing) return this.replay(existing, asked);
      }
      const market = this.deps.markets.get(req.symbol);
      if (!market) throw new Error(`no market rules for ${req.symbol}`);
      const after = this.clock.now ?? Number.NEGATIVE_INFINITY;
      try {
        const result = await this.transact((tx, draft) => this.restLimit(tx, draft, req, key, market));
        if (result.order.status === 'open') {
          this.openLimits.set(result.order.id, { row: result.order, side: req.side, price: req.price, after });
          this.onChange();
        } else {
          this.stats.ordersRejected++;
        }
        this.deps.logger.info(
          { ...summary(result), limit: toPlain(req.price) },
          `manual limit ${req.side} ${req.symbol} → ${result.order.status}`,
        );
        return { kind: 'order', result, replayed: false };
      } catch (err) {
        if (key !== null && isUniqueViolation(err, IDEMPOTENCY_UNIQUE)) {
          const existing = await findOrderByIdempotencyKey(this.deps.db, key);
          if (existing) return this.replay(existing, asked);
        }
        throw err;
      }
    });
  }

  /** The resting paper limit orders, oldest first. */
  async openOrders(): Promise<OrderWithTrade[]> {
    const rows = await listOpenDemoOrders(this.deps.db);
    return rows.map((order) => ({ order, trade: null }));
  }

  /** Cancels a resting paper order: its funds go back from locked to free in the same transaction. */
  cancelLimitOrder(clientOrderId: string): Promise<CancelOutcome> {
    return this.queue.run(async () => {
      await this.ensureLoaded();
      const outcome = await this.transact(async (tx, draft): Promise<CancelOutcome> => {
        const row = await lockDemoOrder(tx, clientOrderId);
        if (!row) return { kind: 'not-found' };
        if (row.status !== 'open') return { kind: 'not-open', order: row };
        const order = await this.cancelInTx(tx, draft, row, 'canceled by the operator');
        return { kind: 'canceled', result: { order, trade: null } };
      });
      if (outcome.kind === 'canceled') {
        this.openLimits.delete(outcome.result.order.id);
        this.deps.logger.info({ ...summary(outcome.result) }, `manual limit order ${clientOrderId} canceled`);
        this.onChange();
      } else if (outcome.kind === 'not-open') {
        this.openLimits.delete(outcome.order.id);
      }
      return outcome;
    });
  }

  /** A resting BUY is an entry that has not happened yet: when the kill switch trips it must not fill later. */
  private async cancelRestingBuys(reason: string): Promise<void> {
    const buys = [...this.openLimits.values()].filter((o) => o.side === 'BUY');
    if (buys.length === 0) return;
    const cancelled = await this.transact(async (tx, draft) => {
      const out: OrderRow[] = [];
      for (const o of buys) {
        const row = await lockDemoOrder(tx, o.row.client_order_id);
        if (row?.status === 'open') out.push(await this.cancelInTx(tx, draft, row, reason));
      }
      return out;
    });
    for (const o of cancelled) this.openLimits.delete(o.id);
    this.deps.logger.warn({ cancelled: cancelled.map((o) => o.client_order_id) }, 'resting BUY orders canceled');
    this.onChange();
  }

  /** Unlocks a resting order's funds and records it canceled, in the caller's transaction (the row locked). */
  private async cancelInTx(tx: Tx, draft: AccountBook, row: OrderRow, reason: string): Promise<OrderRow> {
    const market = this.deps.markets.get(row.symbol);
    if (!market) throw new Error(`no market rules for ${row.symbol}`);
    const reserved = reservationOfRow(row, market, this.costs());
    await lockBalances(tx, [reserved.asset]);
    draft.setBalance(await moveLocked(tx, reserved.asset, toPlain(reserved.amount), 'unlock'));
    const order = await settleOpenOrder(tx, row.id, { status: 'canceled', reason });
    if (!order) throw new Error(`order ${row.client_order_id} is no longer open`);
    return order;
  }

  /**
   * Closes every open position (or those of a symbol and/or strategy) at the last price, each a
   * SELL of the whole position tagged "manual". Returns every order placed, filled or refused.
   */
  closePositions(filter: CloseFilter, requestedBy: string): Promise<ExecutedOrder[]> {
    return this.queue.run(async () => {
      await this.ensureLoaded();
      // The closes and their audit row commit together.
      return this.closeNow(filter, 'manual', new Date(this.now()), (tx, orders, cancelled) =>
        insertOperatorAction(tx, {
          action: 'close_all',
          actor: requestedBy,
          scope: filter.symbol ? 'symbol' : filter.strategy ? 'strategy' : 'all',
          target: filter.symbol ?? filter.strategy ?? null,
          details: {
            ...filter,
            orders: orders.map((o) => ({
              id: o.order.id,
              symbol: o.order.symbol,
              strategy: o.order.strategy,
              status: o.order.status,
            })),
            ...(cancelled.length > 0 && { cancelled: cancelled.map((o) => o.client_order_id) }),
          },
        }),
      );
    });
  }

  /**
   * Clears a tripped kill switch (the only way to). The peak and the day's start are taken again
   * from the equity now, so the loss that tripped it does not trip it again on the next candle.
   */
  resetKillSwitch(requestedBy: string): Promise<{ wasActive: boolean }> {
    return this.queue.run(async () => {
      await this.ensureLoaded();
      const wasActive = this.risk.killSwitch.active;
      const before = this.risk.view();
      const row = await this.deps.db.transaction().execute(async (tx) => {
        const r = await resetKillSwitch(tx, requestedBy, new Date(this.now()));
        await insertOperatorAction(tx, {
          action: 'kill_switch_reset',
          actor: requestedBy,
          details: { wasActive, reason: before.reason, trippedAt: before.trippedAt },
        });
        return r;
      });
      this.risk.setKillSwitch(row);
      this.meter.rebuild(this.book, this.prices.all(), this.currencies());
      const equities = new Map<string, Decimal>();
      for (const c of this.meter.currencies()) {
        const e = this.meter.equity(c);
        if (e) equities.set(c, e);
      }
      this.risk.rebase(equities, this.clock.now);
      await this.flushNow();
      this.deps.logger.warn({ requestedBy, wasActive }, 'kill switch reset');
      return { wasActive };
    });
  }

  /** Replaces the pauses in force (the controls wrote them). */
  setPauses(pauses: readonly Pause[]): void {
    this.pauses = [...pauses];
  }

  controls(): ControlsState {
    return { killSwitch: this.risk.view(), pauses: this.pauses.map(pauseView) };
  }

  /**
   * A closed candle from the market channel. Its price and its place in the candle buffer are taken
   * at once; the rest — equity and the kill switch, stops and targets — is queued behind the
   * account's other work, so it sees every commit before it. No database round trip unless a
   * position must close or the kill switch trips.
   */
  onCandle(candle: Candle): void {
    if (this.stopped) return;
    this.prices.set(candle.symbol, dec(candle.close), candle.closeTime, this.now());
    if (candle.interval !== this.deps.config.INTERVAL) return;
    this.candles.add(candle);
    this.queue
      .run(() => this.handleCandle(candle))
      .catch((err: unknown) => this.warn(err, `handling the ${candle.symbol} candle failed`));
  }

  /** Balances and open positions as last committed (in memory): what the publisher values. */
  snapshot(): AccountSnapshot {
    return this.book.snapshot();
  }

  /** Balances and open positions read from the database in one snapshot (HTTP /account). */
  async read(): Promise<AccountSnapshot> {
    return this.deps.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => ({ balances: await listBalances(tx), positions: await listOpenPositions(tx) }));
  }

  // ——— inside the queue ———

  private async ensureLoaded(): Promise<void> {
    this.loading ??= this.loadNow().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    await this.loading;
  }

  private async loadNow(): Promise<void> {
    const { db } = this.deps;
    const [riskRow, marks, pauses] = await Promise.all([loadRiskState(db), loadEquityMarks(db), listActivePauses(db)]);
    this.risk.load(riskRow, marks);
    this.pauses = pauses.map(pauseOfRow);
    for (const p of this.deps.config.SYMBOLS) {
      const last = this.prices.get(p);
      if (last) this.clock.advance(last.candleCloseTime);
    }
    await this.reloadBook();
    // Resting limit orders survive a restart: the candles stored meanwhile are replayed against them
    // first, then they fill on candles that open after the last one known or replayed.
    this.openLimits.clear();
    const after = this.clock.now ?? Number.NEGATIVE_INFINITY;
    for (const row of await listOpenDemoOrders(db)) {
      if (row.price === null) continue;
      this.openLimits.set(row.id, { row, side: row.side, price: dec(row.price), after });
    }
    await this.catchUpLimits();
  }

  /**
   * At start, before any new candle: the stored INTERVAL candles that closed while the trader was
   * down (one read per symbol with open orders) are replayed against the orders just loaded. Each
   * fills on the first candle opening after it was placed (`placedAt`) that trades through its
   * price, exactly as fillLimits would have filled it then — its price, its time — and the fills
   * are applied oldest candle first across symbols, one transaction per candle. What stays open
   * then waits for candles after the last one replayed. A second start finds those orders filled.
   */
  private async catchUpLimits(): Promise<void> {
    const { db, config } = this.deps;
    const bySymbol = new Map<string, OpenLimit[]>();
    for (const open of this.openLimits.values()) {
      // Only the symbols the trader follows: the live path sees no candle of any other.
      if (!config.SYMBOLS.includes(open.row.symbol)) continue;
      bySymbol.set(open.row.symbol, [...(bySymbol.get(open.row.symbol) ?? []), open]);
    }
    if (bySymbol.size === 0) return;
    // Candles that have closed by now.
    const upTo = new Date(this.now() - this.intervalMs + 1);
    const due: (DueLimit & { candle: ReplayedCandle })[] = [];
    let replayed = 0;
    for (const [symbol, opens] of bySymbol) {
      const from = opens.reduce((min, o) => Math.min(min, placedAt(o.row)), Number.POSITIVE_INFINITY);
      const rows = await candlesBetween(db, symbol, config.INTERVAL, new Date(from), upTo);
      const candles = rows.map((r): ReplayedCandle => ({
        symbol,
        startTime: r.open_time.getTime(),
        closeTime: r.close_time.getTime(),
        open: r.open,
        high: r.high,
        low: r.low,
      }));
      replayed += candles.length;
      for (const open of opens) {
        const hit = firstLimitFill(open, placedAt(open.row), candles);
        if (hit) due.push({ open, ...hit });
      }
      const last = candles.at(-1);
      if (last) for (const open of opens) open.after = Math.max(open.after, last.closeTime);
    }
    // One transaction per candle, as live: the orders each one fills, oldest candle first.
    const byCandle = new Map<ReplayedCandle, DueLimit[]>();
    for (const d of inCandleOrder(due, config.SYMBOLS)) byCandle.set(d.candle, [...(byCandle.get(d.candle) ?? []), d]);
    let filled = 0;
    for (const [candle, fills] of byCandle) {
      filled += (await this.settleLimits(fills, candle)).filter((r) => r.trade).length;
    }
    this.deps.logger.info(
      { orders: [...bySymbol.values()].reduce((n, o) => n + o.length, 0), candles: replayed, filled },
      'open limit orders caught up with the candles stored while the trader was down',
    );
  }

  private async reloadBook(): Promise<void> {
    const snapshot = await this.read();
    // Positions already open are watched from the next candle: what happened while the trader was
    // down is not traded at old prices. The first candle after a gap fills at its open.
    this.book = AccountBook.of(snapshot.balances, snapshot.positions, (symbol) => this.lastCandleStart(symbol));
    this.meter.rebuild(this.book, this.prices.all(), this.currencies());
  }

  /** Runs `work` on a draft of the book; the draft becomes the book only if the transaction commits. */
  private async transact<T>(work: (tx: Tx, draft: AccountBook) => Promise<T>): Promise<T> {
    const draft = this.book.clone();
    const result = await this.deps.db.transaction().execute((tx) => work(tx, draft));
    this.book = draft;
    return result;
  }

  private rules(book: AccountBook): ExecutionRules {
    const { config, markets } = this.deps;
    return {
      markets,
      costs: { feeRate: config.FEE_RATE, slippage: config.SLIPPAGE, feeAsset: config.DEMO_FEE_ASSET },
      entryGuard: (p) => {
        const pause = matchPause(this.pauses, p.strategy, p.symbol);
        const view = portfolioView(book, p.symbol, p.price, this.prices.all());
        const resting = restingBuyExposure(
          [...this.openLimits.values()].map((o) => ({
            strategy: o.row.strategy,
            symbol: o.row.symbol,
            side: o.side,
            remaining: dec(o.row.quantity).minus(o.row.filled_quantity),
            price: o.price,
          })),
          (strategy, symbol) => book.position(strategy, symbol) !== undefined,
          p,
        );
        return checkEntryRisk(
          {
            symbol: p.symbol,
            base: p.rules.base,
            quote: p.rules.quote,
            step: p.rules.stepSize,
            price: p.price,
            requested: p.requested,
            stopLoss: p.stopLoss,
            opensPosition: p.opensPosition && !resting.alreadyOpening,
            portfolio: {
              equity: view.equity,
              assetValue: view.assetValue.plus(resting.value),
              openPositions: view.openPositions + resting.opening,
            },
            killSwitch: this.risk.refusal(),
            paused: pause ? pauseReason(pause) : null,
          },
          this.limits,
        );
      },
    };
  }

  /** Locks every position and balance row a batch of signals may touch, in two statements. */
  private lockFor(tx: Tx, signals: readonly Signal[]): Promise<TxLocks> {
    const pairs = new Map<string, { strategy: string; symbol: string }>();
    const assets = new Set<string>();
    for (const s of signals) {
      const market = this.deps.markets.get(s.symbol);
      if (!market || !this.deps.config.SYMBOLS.includes(s.symbol)) continue;
      pairs.set(`${s.strategy}\u0000${s.symbol}`, { strategy: s.strategy, symbol: s.symbol });
      assets.add(market.base).add(market.quote);
    }
    const ordered = [...pairs.values()].sort(
      (a, b) => a.strategy.localeCompare(b.strategy) || a.symbol.localeCompare(b.symbol),
    );
    return TxLocks.acquire(tx, ordered, [...assets].sort());
  }

  private signalBuyQuantity(): Decimal | 'sized' {
    const { config } = this.deps;
    return config.POSITION_SIZING === 'fixed' ? config.TRADE_QUANTITY : 'sized';
  }

  /**
   * Protective exits due on `symbol` up to the candle opening at `upTo`, executed in the caller's
   * transaction, on its draft.
   */
  private async exitsDue(
    tx: Tx,
    draft: AccountBook,
    locks: TxLocks,
    symbol: string,
    upTo: number,
  ): Promise<ExecutedOrder[]> {
    if (draft.protectedPositions(symbol).length === 0) return [];
    const older = await this.missedCandles(tx, draft, symbol, upTo);
    const due = this.monitor.due(draft, symbol, upTo, older);
    const done: ExecutedOrder[] = [];
    for (const d of due) {
      const result = await executeOrder(tx, protectiveExitIntent(d), this.rules(draft), locks);
      if (!result) continue; // the position is no longer the one the exit was computed for
      applyToBook(draft, result, null);
      this.logExit(d, result);
      done.push(result);
    }
    return done;
  }

  /** Candles a protected position still needs checked that the buffer no longer has (the trader lagged). */
  private async missedCandles(db: DbOrTx, book: AccountBook, symbol: string, upTo: number): Promise<BufferedCandle[]> {
    const gap = this.monitor.gap(book, symbol, upTo);
    if (!gap) return [];
    await this.untilStored(db, symbol, gap.bufferedFrom);
    const rows = await candlesBetween(db, symbol, this.deps.config.INTERVAL, new Date(gap.after), new Date(gap.upTo));
    return rows.map((r) => ({
      startTime: r.open_time.getTime(),
      closeTime: r.close_time.getTime(),
      open: r.open,
      high: r.high,
      low: r.low,
    }));
  }

  /**
   * The gateway publishes a candle at once and stores it in batches, in order: under load the
   * candles table lags the channel. Candles the buffer no longer holds are read from the table only
   * once the buffer's oldest candle is stored, so none of those before it is missing. Bounded: after
   * CANDLE_STORE_WAIT_MS it goes on with what is stored, and says so.
   */
  private async untilStored(db: DbOrTx, symbol: string, openTime: number): Promise<void> {
    const deadline = Date.now() + CANDLE_STORE_WAIT_MS;
    for (;;) {
      const latest = await latestCandleStart(db, symbol, this.deps.config.INTERVAL);
      if (latest !== null && latest >= openTime) return;
      if (Date.now() >= deadline) {
        this.deps.logger.warn(
          { symbol, waitingFor: new Date(openTime).toISOString() },
          'the candles table lags the market channel: missed candles checked with what is stored',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async handleCandle(candle: Candle): Promise<void> {
    await this.ensureLoaded();
    const crossed = this.clock.advance(candle.closeTime);
    const currency = this.meter.price(candle.symbol, dec(candle.close));
    if (currency) await this.observeEquity([currency], candle.closeTime);
    await this.fillLimits(candle);
    await this.closeDue(candle.symbol);
    if (crossed) this.onSnapshotBoundary();
  }

  private costs(): FillCosts {
    const { config } = this.deps;
    return { feeRate: config.FEE_RATE, slippage: config.SLIPPAGE, feeAsset: config.DEMO_FEE_ASSET };
  }

  /** Records a limit order: 'open' with its funds locked, or 'rejected' with the reason. */
  private async restLimit(
    tx: Tx,
    draft: AccountBook,
    req: LimitOrderRequest,
    key: string | null,
    market: MarketRules,
  ): Promise<OrderWithTrade> {
    const locks = new TxLocks();
    const position = await locks.position(tx, MANUAL_STRATEGY, req.symbol);
    const held = position ? dec(position.quantity) : dec(0);
    const columns = {
      client_order_id: manualClientOrderId(),
      signal_id: null,
      idempotency_key: key,
      strategy: MANUAL_STRATEGY,
      symbol: req.symbol,
      side: req.side,
      type: 'limit' as const,
      demo: true,
      exit_reason: req.side === 'SELL' ? ('manual' as const) : null,
      price: toPlain(req.price),
    };
    const reject = async (reason: string, quantity: Decimal): Promise<OrderWithTrade> => ({
      order: await insertOrder(tx, { ...columns, quantity: toPlain(quantity), status: 'rejected', reason }),
      trade: null,
    });
    let quantity = floorToStep(req.quantity, market.stepSize);
    if (req.side === 'SELL') {
      // Only what the manual position holds and no other resting SELL has reserved.
      let reserved = dec(0);
      for (const o of this.openLimits.values()) {
        if (o.side === 'SELL' && o.row.symbol === req.symbol) reserved = reserved.plus(o.row.quantity);
      }
      const check = checkPosition({
        strategy: MANUAL_STRATEGY,
        side: 'SELL',
        rules: market,
        held: Decimal.max(held.minus(reserved), 0),
        requested: quantity,
        buyOnlyWhenFlat: false,
      });
      if (!check.ok) {
        const note = reserved.gt(0) ? ` (${toPlain(reserved)} ${market.base} is reserved by open SELL orders)` : '';
        return reject(check.reason + note, check.quantity);
      }
    } else {
      const verdict = this.rules(draft).entryGuard!({
        strategy: MANUAL_STRATEGY,
        symbol: req.symbol,
        rules: market,
        price: req.price,
        requested: quantity,
        stopLoss: position && held.gt(0) && position.stop_loss ? dec(position.stop_loss) : null,
        opensPosition: held.isZero(),
      });
      if (!verdict.ok) return reject(verdict.reason, verdict.quantity);
      quantity = verdict.quantity;
    }
    const rows = await locks.balanceRows(tx, [market.base, market.quote]);
    const free = (asset: string) => dec(rows.get(asset)?.free ?? '0');
    const outcome = simulateFill({
      side: req.side,
      quantity,
      referencePrice: req.price,
      exactPrice: true,
      rules: market,
      costs: this.costs(),
      available: { base: free(market.base), quote: free(market.quote) },
    });
    if (!outcome.ok) return reject(outcome.reason, outcome.quantity);
    const order = await insertOrder(tx, {
      ...columns,
      quantity: toPlain(outcome.fill.quantity),
      status: 'open',
      reason: null,
    });
    const reserved = reservationOf(req.side, outcome.fill, market);
    draft.setBalance(await moveLocked(tx, reserved.asset, toPlain(reserved.amount), 'lock'));
    return { order, trade: null };
  }

  /**
   * Resting limit orders of the candle's symbol that it trades through, filled in one transaction:
   * each is unlocked and then filled like a manual market order at its price (maker). Only candles
   * opening after the order was placed count. No database round trip unless one fills.
   */
  private async fillLimits(candle: Candle): Promise<void> {
    const due: DueLimit[] = [];
    for (const open of this.openLimits.values()) {
      if (open.row.symbol !== candle.symbol || candle.startTime <= open.after) continue;
      const hit = limitFill(open.side, open.price, candle);
      if (hit) due.push({ open, ...hit });
    }
    if (due.length === 0) return;
    await this.settleLimits(due, candle);
  }

  /**
   * Fills the orders `candle` trades through (fillLimits, or the start-up catch-up), in one
   * transaction, at the candle's close time. Returns the orders settled (filled or rejected).
   */
  private async settleLimits(
    due: readonly DueLimit[],
    candle: Pick<Candle, 'startTime' | 'closeTime'>,
  ): Promise<ExecutedOrder[]> {
    const stale: string[] = [];
    const done = await this.transact(async (tx, draft) => {
      const out: ExecutedOrder[] = [];
      for (const d of due) {
        const row = await lockDemoOrder(tx, d.open.row.client_order_id);
        const market = this.deps.markets.get(d.open.row.symbol);
        if (!row || row.status !== 'open' || !market) {
          stale.push(d.open.row.id);
          continue;
        }
        const locks = new TxLocks();
        await locks.position(tx, MANUAL_STRATEGY, row.symbol);
        await locks.balanceRows(tx, [market.base, market.quote]);
        const reserved = reservationOfRow(row, market, this.costs());
        const unlocked = await moveLocked(tx, reserved.asset, toPlain(reserved.amount), 'unlock');
        locks.wroteBalance(unlocked);
        draft.setBalance(unlocked);
        const result = await executeOrder(
          tx,
          {
            strategy: MANUAL_STRATEGY,
            symbol: row.symbol,
            side: row.side,
            requested: dec(row.quantity),
            buyOnlyWhenFlat: false,
            referencePrice: d.price,
            exactPrice: true,
            signalId: null,
            idempotencyKey: row.idempotency_key,
            clientOrderId: row.client_order_id,
            fillTime: new Date(candle.closeTime),
            exitReason: row.side === 'SELL' ? 'manual' : undefined,
            openOrderId: row.id,
            role: 'maker',
          },
          // The risk manager judged the entry when it was placed; a resting order fills as placed.
          { ...this.rules(draft), entryGuard: undefined },
          locks,
        );
        if (!result) throw new Error(`order ${row.client_order_id} could not be settled`);
        applyToBook(draft, result, candle.startTime);
        this.deps.logger.info(
          { gapped: d.gapped, candle: new Date(candle.startTime).toISOString(), ...summary(result) },
          `limit ${row.side} ${row.symbol} at ${toPlain(d.open.price)} → ${result.order.status}${d.gapped ? ' (at the open, past the limit)' : ''}`,
        );
        out.push(result);
      }
      return out;
    });
    for (const id of stale) this.openLimits.delete(id);
    for (const r of done) {
      this.openLimits.delete(r.order.id);
      this.count(r);
    }
    if (done.length > 0) this.onChange();
    await this.afterCommit(done);
    return done;
  }

  /** Protective exits due on `symbol` now, in a transaction of their own. */
  private async closeDue(symbol: string): Promise<void> {
    if (this.book.protectedPositions(symbol).length === 0) return;
    const older = await this.missedCandles(this.deps.db, this.book, symbol, Number.POSITIVE_INFINITY);
    const due = this.monitor.due(this.book, symbol, Number.POSITIVE_INFINITY, older);
    if (due.length === 0) return;
    let done: ExecutedOrder[];
    try {
      done = await this.transact(async (tx, draft) => {
        const out: ExecutedOrder[] = [];
        for (const d of due) {
          const result = await executeOrder(tx, protectiveExitIntent(d), this.rules(draft));
          if (!result) continue;
          applyToBook(draft, result, null);
          this.logExit(d, result);
          out.push(result);
        }
        return out;
      });
    } catch (err) {
      // Nothing was written: look at the crossing candle again next time.
      for (const d of due) {
        const p = this.book.position(d.strategy, d.symbol);
        if (p) this.book.patch(p.key, { exitPending: false, watchedThrough: d.candle.startTime - 1 });
      }
      throw err;
    }
    this.countProtective(done);
    await this.afterCommit(done);
  }

  /**
   * After every commit: equity is read again (and may trip the kill switch), listeners hear of
   * fills, and positions opened by this commit are checked against candles that arrived meanwhile.
   */
  private async afterCommit(results: readonly ExecutedOrder[]): Promise<void> {
    this.meter.rebuild(this.book, this.prices.all(), this.currencies());
    const filled = results.filter((r) => r.trade);
    if (filled.length === 0) return;
    this.onChange();
    await this.observeEquity(
      [...new Set(filled.map((r) => quoteOf(r.order.symbol)))],
      this.clock.now ?? Math.max(...filled.map((r) => r.trade!.timestamp.getTime())),
    );
    for (const symbol of new Set(filled.map((r) => r.order.symbol))) await this.closeDue(symbol);
  }

  private async observeEquity(currencies: readonly string[], candleTime: number): Promise<void> {
    for (const currency of currencies) {
      const equity = this.meter.equity(currency);
      if (equity === null) continue;
      const breach = this.risk.observe(currency, equity, candleTime);
      if (breach) await this.tripKillSwitch(breach, candleTime);
    }
  }

  /** The kill switch trips: persisted (a restart keeps it), audited, and — if configured — everything is closed. */
  private async tripKillSwitch(reason: string, candleTime: number): Promise<void> {
    const { db, logger, config } = this.deps;
    const trippedAt = this.risk.killSwitch.trippedAt ?? new Date(this.now());
    const row = await db.transaction().execute(async (tx) => {
      const r = await tripKillSwitch(tx, reason, trippedAt);
      await insertOperatorAction(tx, { action: 'kill_switch_trip', actor: RISK_MANAGER, details: { reason } });
      return r;
    });
    this.risk.setKillSwitch(row);
    logger.warn({ reason }, 'kill switch tripped: new entries are refused until POST /risk/kill-switch/reset');
    await this.flushNow();
    await this.cancelRestingBuys('canceled by the kill switch');
    if (config.KILL_SWITCH_CLOSE_POSITIONS) {
      const orders = await this.closeNow({}, 'kill_switch', new Date(candleTime));
      logger.warn({ orders: orders.map((o) => summary(o)) }, 'kill switch closed the open positions');
    }
  }

  /** Closes matching positions at the last price, all in one transaction (a refused one is recorded, the others go on). */
  private async closeNow(
    filter: CloseFilter,
    reason: 'manual' | 'kill_switch',
    fillTime: Date,
    audit?: (tx: Tx, orders: readonly ExecutedOrder[], cancelled: readonly OrderRow[]) => Promise<void>,
  ): Promise<ExecutedOrder[]> {
    const maxAge = this.deps.config.PRICE_MAX_AGE_INTERVALS * this.intervalMs;
    const targets = this.book
      .openPositions()
      .filter(
        (p) => (!filter.symbol || p.symbol === filter.symbol) && (!filter.strategy || p.strategy === filter.strategy),
      )
      .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.strategy.localeCompare(b.strategy));
    const cancelled: OrderRow[] = [];
    const done = await this.transact(async (tx, draft) => {
      const out: ExecutedOrder[] = [];
      for (const p of targets) {
        // A resting SELL holds the position's coins: cancelled first, so the whole position can be sold.
        for (const o of this.openLimits.values()) {
          if (o.side !== 'SELL' || o.row.strategy !== p.strategy || o.row.symbol !== p.symbol) continue;
          const row = await lockDemoOrder(tx, o.row.client_order_id);
          if (row?.status !== 'open') continue;
          cancelled.push(await this.cancelInTx(tx, draft, row, `canceled to close the position (${reason})`));
        }
        const intent = closeIntent(p, this.prices.fresh(p.symbol, this.now(), maxAge), reason, fillTime);
        const result = await executeOrder(tx, intent, this.rules(draft));
        if (!result) continue;
        applyToBook(draft, result, null);
        out.push(result);
      }
      await audit?.(tx, out, cancelled);
      return out;
    });
    for (const o of cancelled) this.openLimits.delete(o.id);
    if (cancelled.length > 0) {
      this.deps.logger.info({ cancelled: cancelled.map((o) => o.client_order_id) }, 'resting sells canceled to close');
    }
    for (const r of done) this.count(r);
    await this.afterCommit(done);
    return done;
  }

  /** Writes where trails stand and the equity marks (both are only in memory until then). */
  private async flushNow(): Promise<void> {
    const trails = this.monitor.takeTrailUpdates(this.book);
    const marks = this.risk.takeDirtyMarks();
    if (trails.length === 0 && marks.length === 0) return;
    try {
      await this.deps.db.transaction().execute(async (tx) => {
        await saveTrails(tx, trails);
        await saveEquityMarks(tx, marks);
      });
    } catch (err) {
      for (const t of trails) {
        const p = this.book.position(t.strategy, t.symbol);
        if (p) this.book.patch(p.key, { trailDirty: true });
      }
      this.risk.markDirty(marks.map((m) => m.currency));
      throw err;
    }
  }

  private hasDirtyState(): boolean {
    return this.book.openPositions().some((p) => p.trailDirty) || this.risk.hasDirtyMarks();
  }

  private currencies(): string[] {
    return [...new Set(this.deps.config.SYMBOLS.map(quoteOf))];
  }

  private lastCandleStart(symbol: string): number | null {
    const buffered = this.candles.newest(symbol);
    if (buffered) return buffered.startTime;
    const last = this.prices.get(symbol);
    return last ? last.candleCloseTime + 1 - this.intervalMs : null;
  }

  private refuseSignal(signal: Signal): OrderIntent['refuse'] {
    const { config } = this.deps;
    const age = this.now() - signal.createdAt;
    if (age > config.SIGNAL_MAX_AGE) {
      return {
        status: 'expired',
        reason: `signal is ${seconds(age)} old; SIGNAL_MAX_AGE is ${seconds(config.SIGNAL_MAX_AGE)}`,
      };
    }
    if (!config.SYMBOLS.includes(signal.symbol)) {
      return {
        status: 'rejected',
        reason: `${signal.symbol} is not traded here (SYMBOLS is ${config.SYMBOLS.join(',')})`,
      };
    }
    if (signal.strategy === MANUAL_STRATEGY) {
      return { status: 'rejected', reason: `strategy name "${MANUAL_STRATEGY}" is reserved for manual orders` };
    }
    return undefined;
  }

  private logSignal(signal: Signal, outcome: SignalOutcome): void {
    if (outcome.kind === 'duplicate') {
      this.stats.duplicateSignals++;
      this.deps.logger.debug({ signalId: signal.id }, 'signal already has its order; acknowledging the redelivery');
      return;
    }
    const { result } = outcome;
    this.stats.signalsHandled++;
    this.count(result);
    const level = result.rejectedBy === 'position' ? 'debug' : 'info';
    this.deps.logger[level](
      { signalId: signal.id, strategy: signal.strategy, ...summary(result) },
      `signal ${signal.side} ${signal.symbol} → ${result.order.status}`,
    );
  }

  private logExit(d: DueExit, result: ExecutedOrder): void {
    const { logger } = this.deps;
    if (result.trade) {
      logger.info(
        {
          strategy: d.strategy,
          gapped: d.gapped,
          candle: new Date(d.candle.startTime).toISOString(),
          ...summary(result),
        },
        `${d.reason} ${d.symbol} → filled`,
      );
    } else {
      logger.warn({ strategy: d.strategy, ...summary(result) }, `${d.reason} ${d.symbol} could not close the position`);
    }
  }

  private count(result: ExecutedOrder): void {
    if (result.order.status === 'filled') this.stats.ordersFilled++;
    else if (result.order.status === 'expired') this.stats.ordersExpired++;
    else this.stats.ordersRejected++;
  }

  private countProtective(results: readonly ExecutedOrder[]): void {
    for (const r of results) {
      this.count(r);
      if (r.trade) this.stats.protectiveExits++;
    }
  }

  private warn(err: unknown, message: string): void {
    this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, message);
  }

  /** The first request's order, or a conflict when the key was used for a different order. */
  private replay(
    existing: OrderWithTrade,
    req: Pick<ManualOrderRequest, 'symbol' | 'side' | 'quantity'> & { type?: 'market' | 'limit'; price?: Decimal },
  ): ManualOutcome {
    const { order } = existing;
    const type = req.type ?? 'market';
    const samePrice =
      req.price === undefined ? order.price === null : order.price !== null && dec(order.price).eq(req.price);
    const rules = this.deps.markets.get(req.symbol);
    const quantity = rules ? floorToStep(req.quantity, rules.stepSize) : req.quantity;
    const same =
      order.strategy === MANUAL_STRATEGY &&
      order.symbol === req.symbol &&
      order.side === req.side &&
      order.type === type &&
      samePrice &&
      dec(order.quantity).eq(quantity);
    return same ? { kind: 'order', result: existing, replayed: true } : { kind: 'key-conflict', existing };
  }
}

/** A fill's rows into the book; a position it opens is watched from `watchFrom` (a candle open time). */
function applyToBook(
  book: AccountBook,
  result: ExecutedOrder | null,
  watchFrom: number | null,
): BookPosition | undefined {
  if (!result?.position) return undefined;
  for (const b of result.balances ?? []) book.setBalance(b);
  return book.setPosition(result.position, watchFrom);
}

function summary(r: OrderWithTrade) {
  return {
    orderId: r.order.id,
    status: r.order.status,
    reason: r.order.reason ?? undefined,
    exitReason: r.order.exit_reason ?? undefined,
    price: r.trade ? toPlain(dec(r.trade.price)) : undefined,
    quantity: toPlain(dec(r.order.quantity)),
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}
