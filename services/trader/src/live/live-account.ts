import { dec, floorToStep, sum, toPlain, type Decimal } from '@roottrading/accounting';
import {
  baseOf,
  type Candle,
  type ControlsState,
  type ExitReason,
  type Side,
  type Signal,
} from '@roottrading/contracts';
import type { Db, OrderRow, PositionRow, TradeDbRow } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { SerialQueue } from '../account/serial-queue.js';
import { MANUAL_STRATEGY, type ManualOutcomeOf } from '../account/intents.js';
import type { TraderConfig } from '../config.js';
import { matchPause, pauseReason, type Pause } from '@roottrading/engine';
import { pauseView } from '../controls/pause-rows.js';
import { exitClientOrderId, manualClientOrderId, signalClientOrderId } from '../orders/client-order-id.js';
import { asksForProtection, resolveProtection, type Protection, type ProtectionRequest } from '@roottrading/engine';
import { insertOperatorAction } from '../repositories/operator-actions.js';
import { restingBuyExposure } from '@roottrading/engine';
import { checkEntryRisk, type RiskLimits } from '@roottrading/engine';
import { findOrderByIdempotencyKey, findSignalIdsWithOrders } from '../repositories/orders.js';
import type { HeldPosition, LiveAccountSnapshot } from './balance-sync.js';
import { ExchangeFailure } from './exchange-errors.js';
import { LiveKillSwitch, RISK_MANAGER } from './live-kill-switch.js';
import type { LiveExecutor } from './live-executor.js';
import {
  findLiveOrder,
  insertPendingOrder,
  insertRefusedOrder,
  listLivePositions,
  listUnsettledLiveOrders,
  protectFromOrder,
  recordOutcome,
  settleOrderState,
  withTrade,
  type PendingOrderRow,
} from './live-order-store.js';
import { LivePositionMonitor } from './live-position-monitor.js';
import type { OrderOutcome } from './order-executor.js';
import type { Markets } from './types.js';

export interface LiveOrderResult {
  order: OrderRow;
  trade: TradeDbRow | null;
  /** Where a rejection came from ('paused': the circuit breaker is open). */
  source?: string;
}

export type LiveManualOutcome = ManualOutcomeOf<LiveOrderResult>;

export interface LiveManualRequest {
  symbol: string;
  side: Side;
  type: 'market' | 'limit';
  quantity: Decimal;
  price: Decimal | null;
  idempotencyKey: string | null;
  /** The last price: a market order's value is checked against it, and a BUY's protections. */
  referencePrice: Decimal;
  /** Stop-loss, take-profit, trailing stop: a market BUY only (the route refuses them otherwise). */
  protection?: ProtectionRequest;
}

/**
 * The trader's account in live mode. The decision stays the trader's (position rules, pauses);
 * the exchange executes. Every order follows the same three steps, one at a time (SerialQueue):
 * the row is committed `pending`, the order is sent outside any transaction, and the answer is
 * recorded in one transaction. Positions are the trader's own (per strategy, demo = false); the
 * balances are the exchange's (LiveBalancePublisher).
 */
export class LiveAccount {
  readonly queue = new SerialQueue();
  readonly stats = {
    signalsHandled: 0,
    duplicateSignals: 0,
    ordersFilled: 0,
    ordersRejected: 0,
    ordersPending: 0,
    protectiveExits: 0,
  };
  /** After every recorded fill: the balance publisher hooks in here. */
  onChange: () => void = () => undefined;
  private pauses: Pause[] = [];
  /** The kill switch (daily loss, drawdown from peak) of the exchange account, judged as in demo mode. */
  private readonly killSwitch: LiveKillSwitch;
  private readonly monitor: LivePositionMonitor;
  /** Set by stop(): candles and balance reads arriving while the trader shuts down start no work. */
  private stopped = false;
  /** The last close per symbol: what a close-all's SELL is checked against (min notional) before sending. */
  private readonly lastClose = new Map<string, Decimal>();

  constructor(
    private readonly deps: {
      db: Db;
      executor: LiveExecutor;
      markets: Markets;
      config: Pick<
        TraderConfig,
        | 'SYMBOLS'
        | 'TRADE_QUANTITY'
        | 'SIGNAL_MAX_AGE'
        | 'INTERVAL'
        | 'DAILY_LOSS_LIMIT_PCT'
        | 'MAX_DRAWDOWN_PCT'
        | 'KILL_SWITCH_CLOSE_POSITIONS'
      >;
      logger: Logger;
      now?: () => number;
      /**
       * The risk manager before every BUY (kill switch, sizing, open positions, exposure; as demo:
       * risk-manager.ts), judged on the quote currency's equity from the exchange balances — the
       * last balance read revalued by candles, or `equity` (a fresh read) before the first one.
       * Absent: no check.
       */
      risk?: { limits: RiskLimits; equity: (quote: string) => Promise<Decimal> };
    },
  ) {
    const now = () => this.now();
    this.killSwitch = new LiveKillSwitch({
      db: deps.db,
      config: deps.config,
      logger: deps.logger,
      now,
      onTrip: {
        cancelResting: (orders, cancelled) => this.cancelResting(orders, cancelled),
        closePositions: () => this.closeNow({}, RISK_MANAGER, 'kill_switch'),
      },
    });
    this.monitor = new LivePositionMonitor({
      db: deps.db,
      markets: deps.markets,
      config: deps.config,
      logger: deps.logger,
      now,
      stats: this.stats,
      sellWhole: (p, sells, reason, price) => this.sellWhole(p, sells, reason, price),
    });
  }

  /** The kill switch and the equity marks as stored (demo = false): a restart keeps a tripped switch tripped. */
  load(): Promise<void> {
    return this.killSwitch.load();
  }

  /**
   * Stops taking candles and balance reads (they could otherwise send an exit while the database
   * is closing), then lets the work already queued finish.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue.idle();
  }

  setPauses(pauses: readonly Pause[]): void {
    this.pauses = [...pauses];
  }

  controls(): ControlsState {
    return { killSwitch: this.killSwitch.view(), pauses: this.pauses.map(pauseView) };
  }

  /**
   * A balance read of the exchange account (the publisher's, every ACCOUNT_INTERVAL and after
   * fills): the equity of each quote currency is measured against the day's start and the peak,
   * and a loss past DAILY_LOSS_LIMIT_PCT or MAX_DRAWDOWN_PCT trips the kill switch.
   */
  observeBalances(snapshot: LiveAccountSnapshot): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return this.queue.run(() => this.killSwitch.observeBalances(snapshot));
  }

  /**
   * Clears a tripped kill switch (the only way to): the peak and the day's start are taken again
   * from the equity now, so the loss that tripped it does not trip it again on the next candle.
   */
  resetKillSwitch(requestedBy: string): Promise<{ wasActive: boolean }> {
    return this.queue.run(() => this.killSwitch.reset(requestedBy));
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Our open positions, for the balance publisher's totals. */
  async positions(): Promise<HeldPosition[]> {
    const rows = await listLivePositions(this.deps.db);
    return rows.map((r) => ({ symbol: r.symbol, quantity: dec(r.quantity), cost: dec(r.cost) }));
  }

  /** A manual order; with an Idempotency-Key the first outcome is final and a retry trades nothing. */
  placeManualOrder(req: LiveManualRequest): Promise<LiveManualOutcome> {
    return this.queue.run(async () => {
      if (req.idempotencyKey !== null) {
        const existing = await findOrderByIdempotencyKey(this.deps.db, req.idempotencyKey);
        if (existing) return this.replay(existing, req);
      }
      const row: PendingOrderRow = {
        clientOrderId: manualClientOrderId(),
        signalId: null,
        idempotencyKey: req.idempotencyKey,
        strategy: MANUAL_STRATEGY,
        symbol: req.symbol,
        side: req.side,
        type: req.type,
        quantity: req.quantity,
        price: req.price,
        exitReason: req.side === 'SELL' ? 'manual' : null,
      };
      let protection: Protection | undefined;
      if (req.side === 'BUY' && asksForProtection(req.protection)) {
        const resolved = this.resolve(req.protection, req.symbol, req.referencePrice);
        if (!resolved.ok) {
          const order = await insertRefusedOrder(this.deps.db, row, 'rejected', resolved.reason);
          if (order) {
            this.stats.ordersRejected++;
            return { kind: 'order', result: { order, trade: null }, replayed: false };
          }
          const existing = await findOrderByIdempotencyKey(this.deps.db, req.idempotencyKey!);
          return this.replay(existing!, req);
        }
        protection = resolved.protection;
      }
      const result = await this.execute(row, req.referencePrice, protection);
      if (!result) {
        const existing = await findOrderByIdempotencyKey(this.deps.db, req.idempotencyKey!);
        return this.replay(existing!, req);
      }
      return { kind: 'order', result, replayed: false };
    });
  }

  /**
   * Signals from the durable stream, one after the other: each gets exactly one order row (the
   * unique signal_id), placed once. Resolves when every outcome is recorded; the stream then
   * acknowledges. A BUY buys when the strategy is flat (sized by POSITION_SIZING); a SELL sells
   * what it holds.
   */
  handleSignals(signals: readonly Signal[]): Promise<void> {
    return this.queue.run(async () => {
      const known = await findSignalIdsWithOrders(
        this.deps.db,
        signals.map((s) => s.id),
      );
      for (const signal of signals) {
        if (known.has(signal.id)) {
          this.stats.duplicateSignals++;
          continue;
        }
        known.add(signal.id);
        this.stats.signalsHandled++;
        await this.handleSignal(signal);
      }
    });
  }

  /** Cancels one of our open orders and records its final state (it may have filled meanwhile). */
  cancel(clientOrderId: string): Promise<LiveOrderResult | undefined> {
    return this.queue.run(async () => {
      const row = await findLiveOrder(this.deps.db, clientOrderId);
      if (!row) return undefined;
      const outcome = await this.deps.executor.cancel(row.symbol, clientOrderId);
      return this.record(row, outcome);
    });
  }

  /** Our resting orders as recorded. */
  async openOrders(): Promise<LiveOrderResult[]> {
    const rows = await listUnsettledLiveOrders(this.deps.db);
    return Promise.all(rows.filter((r) => r.status === 'open').map((r) => withTrade(this.deps.db, r)));
  }

  /**
   * Asks the exchange about every order left open or pending and records what changed: a limit
   * order that filled while resting, an order whose outcome was unknown. Never sends an order.
   */
  settleOpenOrders(): Promise<void> {
    return this.queue.run(async () => {
      for (const row of await listUnsettledLiveOrders(this.deps.db)) {
        try {
          const outcome = await this.deps.executor.refresh(row.symbol, row.client_order_id);
          if (outcome.status === 'open' && row.status === 'open') {
            if (outcome.order.filledQuantity.eq(row.filled_quantity)) continue;
          }
          await this.record(row, outcome);
        } catch (err) {
          if (await this.settleIfNeverSent(row, err)) continue;
          if (!(err instanceof ExchangeFailure)) {
            // Not the exchange: the answer could not be recorded. Loud, and tried again next time.
            this.deps.logger.error(
              { clientOrderId: row.client_order_id, error: (err as Error).message },
              'recording an order settled on the exchange failed',
            );
            continue;
          }
          // Not found yet / exchange unreachable: reconciliation at the next start settles it.
          this.deps.logger.debug(
            { clientOrderId: row.client_order_id, error: (err as Error).message },
            'order not settled yet',
          );
        }
      }
    });
  }

  /**
   * A pending order the exchange does not know, asked after the request could no longer be
   * accepted (recvWindow), never reached it: rejected now, so it stops blocking the position's
   * exits — not only at the next start.
   */
  private async settleIfNeverSent(row: OrderRow, err: unknown): Promise<boolean> {
    const absent = err instanceof ExchangeFailure && err.kind === 'not-found';
    if (!absent || row.status !== 'pending') return false;
    if (this.now() - row.updated_at.getTime() <= this.deps.executor.finalAfterMs) return false;
    await this.deps.db
      .transaction()
      .execute((tx) => settleOrderState(tx, row, { status: 'absent', exchangeOrderId: null, filledQuantity: dec(0) }));
    this.stats.ordersRejected++;
    this.deps.logger.warn(
      { clientOrderId: row.client_order_id },
      'a pending order never reached the exchange: rejected',
    );
    return true;
  }

  private async handleSignal(signal: Signal): Promise<void> {
    const { config, logger, db } = this.deps;
    const buy = signal.side === 'BUY';
    const position = (await listLivePositions(db)).find(
      (p) => p.strategy === signal.strategy && p.symbol === signal.symbol,
    );
    const held = position ? dec(position.quantity) : dec(0);
    const market = this.deps.markets.get(signal.symbol);
    const row: PendingOrderRow = {
      clientOrderId: signalClientOrderId(signal.id),
      signalId: signal.id,
      idempotencyKey: null,
      strategy: signal.strategy,
      symbol: signal.symbol,
      side: signal.side,
      type: 'market',
      quantity: buy ? config.TRADE_QUANTITY : market ? floorToStep(held, market.stepSize) : held,
      price: null,
      exitReason: buy ? null : 'signal',
    };
    let refusal = this.refuseSignal(signal, held);
    let protection: Protection | undefined;
    const asked = { stopLoss: signal.stopLoss, takeProfit: signal.takeProfit, trailingStop: signal.trailingStop };
    if (!refusal && buy && asksForProtection(asked)) {
      // Judged on the signal's price: a position is never opened without the protection asked for.
      const resolved = this.resolve(asked, signal.symbol, dec(signal.price));
      if (resolved.ok) protection = resolved.protection;
      else refusal = { status: 'rejected', reason: resolved.reason };
    }
    if (refusal) {
      const order = await insertRefusedOrder(db, row, refusal.status, refusal.reason);
      if (order) this.stats.ordersRejected++;
      logger.info(
        { signalId: signal.id, reason: refusal.reason },
        `signal ${signal.side} ${signal.symbol} → ${refusal.status}`,
      );
      return;
    }
    const result = await this.execute(row, dec(signal.price), protection);
    if (result)
      logger.info(
        { signalId: signal.id, status: result.order.status },
        `signal ${signal.side} ${signal.symbol} → ${result.order.status}`,
      );
  }

  private refuseSignal(signal: Signal, held: Decimal): { status: 'rejected' | 'expired'; reason: string } | undefined {
    const { config } = this.deps;
    const age = (this.deps.now ?? Date.now)() - signal.createdAt;
    if (age > config.SIGNAL_MAX_AGE) return { status: 'expired', reason: `signal is ${Math.round(age / 1000)}s old` };
    if (!config.SYMBOLS.includes(signal.symbol))
      return { status: 'rejected', reason: `${signal.symbol} is not traded here` };
    if (signal.strategy === MANUAL_STRATEGY) {
      return { status: 'rejected', reason: `strategy name "${MANUAL_STRATEGY}" is reserved for manual orders` };
    }
    if (signal.side === 'BUY') {
      if (held.gt(0)) return { status: 'rejected', reason: `${signal.strategy} already holds ${signal.symbol}` };
      const pause = matchPause(this.pauses, signal.strategy, signal.symbol);
      if (pause) return { status: 'rejected', reason: pauseReason(pause) };
    } else if (held.lte(0)) {
      return { status: 'rejected', reason: `${signal.strategy} holds no ${signal.symbol} to sell` };
    }
    return undefined;
  }

  /**
   * What orders not settled yet already claim: a SELL may sell only what the strategy holds less
   * what its unsettled SELLs (pending or resting) may still sell — never coins that are not its
   * own, never the same coins twice — and a signal BUY waits for an unsettled BUY of the same
   * strategy to settle. The reason, or null.
   */
  private async refuseOverlap(row: PendingOrderRow): Promise<string | null> {
    const { db } = this.deps;
    const mine = (await listUnsettledLiveOrders(db)).filter(
      (o) => o.strategy === row.strategy && o.symbol === row.symbol && o.side === row.side,
    );
    const ids = mine.map((o) => o.client_order_id).join(', ');
    if (row.side === 'BUY') {
      return row.signalId !== null && mine.length > 0
        ? `a BUY of ${row.strategy} on ${row.symbol} is not settled yet (${ids})`
        : null;
    }
    const position = (await listLivePositions(db)).find((p) => p.strategy === row.strategy && p.symbol === row.symbol);
    const held = position ? dec(position.quantity) : dec(0);
    const claimed = sum(mine.map((o) => dec(o.quantity).minus(o.filled_quantity)));
    const free = held.minus(claimed);
    if (row.quantity.lte(free)) return null;
    const base = baseOf(row.symbol);
    if (claimed.isZero()) return `${row.strategy} holds ${toPlain(held)} ${base}, less than ${toPlain(row.quantity)}`;
    return (
      `${row.strategy} holds ${toPlain(held)} ${base}, of which ${toPlain(claimed)} is in SELL orders not settled ` +
      `yet (${ids}): at most ${toPlain(free.gt(0) ? free : dec(0))} can be sold`
    );
  }

  /** Pending row → send → record. Undefined when the row already existed (a duplicate). */
  private async execute(
    row: PendingOrderRow,
    referencePrice: Decimal,
    protection?: Protection,
  ): Promise<LiveOrderResult | undefined> {
    if (row.side === 'BUY' && row.strategy === MANUAL_STRATEGY) {
      const pause = matchPause(this.pauses, row.strategy, row.symbol);
      if (pause) {
        const order = await insertRefusedOrder(this.deps.db, row, 'rejected', pauseReason(pause));
        return order ? { order, trade: null } : undefined;
      }
    }
    const overlap = await this.refuseOverlap(row);
    if (overlap) {
      const order = await insertRefusedOrder(this.deps.db, row, 'rejected', overlap);
      if (order) this.stats.ordersRejected++;
      return order ? { order, trade: null } : undefined;
    }
    if (row.side === 'BUY') {
      // A limit BUY commits its quantity at its limit price, whatever the market does meanwhile.
      const atRisk = row.type === 'limit' && row.price !== null ? row.price : referencePrice;
      const verdict = await this.checkRisk(row, atRisk, protection);
      if (!verdict.ok) {
        const order = await insertRefusedOrder(this.deps.db, row, 'rejected', verdict.reason);
        if (order) this.stats.ordersRejected++;
        return order ? { order, trade: null, source: verdict.source } : undefined;
      }
      // A signal's entry is sized by POSITION_SIZING; a manual order buys what was asked.
      if (row.signalId !== null) row = { ...row, quantity: verdict.quantity };
    }
    const pending = await insertPendingOrder(this.deps.db, { ...row, protection });
    if (!pending) return undefined;
    const outcome = await this.deps.executor.place({
      clientOrderId: row.clientOrderId,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      quantity: row.quantity,
      price: row.price ?? undefined,
      referencePrice,
    });
    return this.record(pending, outcome);
  }

  private async record(row: OrderRow, outcome: OrderOutcome): Promise<LiveOrderResult> {
    const recorded = await this.deps.db.transaction().execute(async (tx) => {
      const r = await recordOutcome(tx, row, outcome, (s) => this.deps.markets.get(s)?.stepSize);
      const tick = this.deps.markets.get(row.symbol)?.tickSize;
      if (tick && r.newFills > 0) await protectFromOrder(tx, row, tick);
      return r;
    });
    const status = recorded.order.status;
    if (status === 'filled') this.stats.ordersFilled++;
    else if (status === 'rejected') this.stats.ordersRejected++;
    else if (status === 'pending') this.stats.ordersPending++;
    if (recorded.newFills > 0) this.onChange();
    this.deps.logger.info(
      { clientOrderId: row.client_order_id, status, reason: recorded.order.reason ?? undefined },
      `live ${row.side} ${row.symbol} → ${status}`,
    );
    return {
      order: recorded.order,
      trade: recorded.trade,
      source: outcome.status === 'rejected' ? outcome.source : undefined,
    };
  }

  /**
   * The risk manager's verdict on a BUY: refused (why, and whether it is a pause), or the quantity
   * to buy. Resting BUY limit orders count as held: their unfilled part at their limit price adds
   * to the exposure, and one for a strategy with no position counts as an open position. Equity
   * that cannot be read refuses the entry.
   */
  private async checkRisk(
    row: PendingOrderRow,
    price: Decimal,
    protection?: Protection,
  ): Promise<{ ok: true; quantity: Decimal } | { ok: false; reason: string; source: string }> {
    const { risk, markets, db } = this.deps;
    const market = markets.get(row.symbol);
    if (!risk || !market) return { ok: true, quantity: row.quantity };
    const killSwitch = this.killSwitch.refusal();
    let equity: Decimal;
    try {
      equity = this.killSwitch.equity(market.quote) ?? (await risk.equity(market.quote));
    } catch (err) {
      // An open circuit breaker is "trading paused" (503 to a manual order), as from the executor.
      const paused = err instanceof ExchangeFailure && err.kind === 'circuit-open';
      return {
        ok: false,
        reason: `risk manager: the ${market.quote} equity could not be read from the exchange (${(err as Error).message})`,
        source: paused ? 'paused' : 'risk',
      };
    }
    const [positions, unsettled] = await Promise.all([listLivePositions(db), listUnsettledLiveOrders(db)]);
    const held = positions.filter((p) => p.symbol === row.symbol);
    const hasPosition = (strategy: string, symbol: string) =>
      positions.some((p) => p.strategy === strategy && p.symbol === symbol);
    const resting = restingBuyExposure(
      unsettled
        .filter((o) => o.status === 'open' && o.price !== null)
        .map((o) => ({
          strategy: o.strategy,
          symbol: o.symbol,
          side: o.side,
          remaining: dec(o.quantity).minus(o.filled_quantity),
          price: dec(o.price!),
        })),
      hasPosition,
      row,
    );
    const verdict = checkEntryRisk(
      {
        symbol: row.symbol,
        base: market.base,
        quote: market.quote,
        step: market.stepSize,
        price,
        requested: row.signalId === null ? row.quantity : null,
        stopLoss: protection?.stopLoss ?? null,
        opensPosition: !hasPosition(row.strategy, row.symbol) && !resting.alreadyOpening,
        portfolio: {
          equity,
          assetValue: sum(held.map((p) => dec(p.quantity).mul(price))).plus(resting.value),
          openPositions: positions.length + resting.opening,
        },
        killSwitch,
        paused: null,
      },
      risk.limits,
    );
    return verdict.ok ? verdict : { ok: false, reason: verdict.reason, source: 'risk' };
  }

  private resolve(req: ProtectionRequest, symbol: string, price: Decimal) {
    const market = this.deps.markets.get(symbol);
    if (!market) return { ok: false as const, reason: `no market rules for ${symbol}` };
    return resolveProtection(req, price, market.tickSize);
  }

  /**
   * The position monitor of live mode: each closed candle of the trading interval is checked
   * against the protections of the live positions of its symbol (the pure evaluateCandle, as in
   * demo), in the account's queue. A stop, target or trail that triggers sells the whole position
   * at market through the executor (pending → place → record, exit reason stop_loss /
   * take_profit / trailing_stop); trails that moved are saved. Never an exchange-side OCO.
   */
  onCandle(candle: Candle): void {
    if (candle.interval !== this.deps.config.INTERVAL || this.stopped) return;
    this.queue
      .run(async () => {
        this.lastClose.set(candle.symbol, dec(candle.close));
        await this.killSwitch.observeClose(candle.symbol, dec(candle.close), candle.closeTime);
        await this.monitor.check(candle);
      })
      .catch((err: unknown) =>
        this.deps.logger.warn({ error: (err as Error).message }, `checking the ${candle.symbol} protections failed`),
      );
  }

  /**
   * At start, before new candles: the stored candles that closed while the trader was down are
   * checked against each protected live position, from the one after the last it was checked
   * against (or its entry). A stop, target or trail crossed meanwhile sells now, at market — the
   * exchange never held a stop order for it. Runs in the account's queue, so candles arriving
   * meanwhile wait behind it (and one already checked is not checked twice).
   */
  catchUpProtections(source: string): Promise<number> {
    return this.queue.run(() => this.monitor.catchUp(source));
  }

  private replay(existing: { order: OrderRow; trade: TradeDbRow | null }, req: LiveManualRequest): LiveManualOutcome {
    const { order } = existing;
    const same = order.symbol === req.symbol && order.side === req.side && order.type === req.type;
    return same ? { kind: 'order', result: existing, replayed: true } : { kind: 'key-conflict', existing };
  }

  /** close-all: closeNow in the account's queue. */
  closePositions(filter: { symbol?: string; strategy?: string }, requestedBy: string): Promise<LiveOrderResult[]> {
    this.deps.logger.warn({ ...filter, requestedBy }, 'closing live positions');
    return this.queue.run(() => this.closeNow(filter, requestedBy, 'manual'));
  }

  /**
   * Sells whole positions as market orders (exit reason manual, or kill_switch) and writes the
   * request to operator_actions (demo = false) once every order is recorded, even if one failed.
   * A resting SELL limit of the position is cancelled first (what it filled meanwhile is recorded,
   * the rest is sold); a position with a SELL whose outcome is still unknown (pending) is skipped:
   * never sold twice. Runs inside the account's queue.
   */
  private async closeNow(
    filter: { symbol?: string; strategy?: string },
    requestedBy: string,
    reason: 'manual' | 'kill_switch',
  ): Promise<LiveOrderResult[]> {
    const { db } = this.deps;
    const out: LiveOrderResult[] = [];
    const cancelled: string[] = [];
    const skipped: { strategy: string; symbol: string; why: string }[] = [];
    let error: string | undefined;
    try {
      const unsettled = await listUnsettledLiveOrders(db);
      for (const p of await listLivePositions(db)) {
        if ((filter.symbol && p.symbol !== filter.symbol) || (filter.strategy && p.strategy !== filter.strategy))
          continue;
        const sells = unsettled.filter((o) => o.side === 'SELL' && o.strategy === p.strategy && o.symbol === p.symbol);
        if (sells.some((o) => o.status === 'pending')) {
          skipped.push({ strategy: p.strategy, symbol: p.symbol, why: 'a sell of it is pending' });
          continue;
        }
        const sold = await this.sellWhole(
          p,
          sells,
          reason,
          this.lastClose.get(p.symbol) ?? dec(p.cost).div(p.quantity),
          cancelled,
        );
        if ('heldBack' in sold) {
          skipped.push({
            strategy: p.strategy,
            symbol: p.symbol,
            why: `a resting sell was not cancelled: ${sold.heldBack}`,
          });
          continue;
        }
        if (sold.result) out.push(sold.result);
      }
    } catch (err) {
      error = (err as Error).message;
      throw err;
    } finally {
      await insertOperatorAction(
        db,
        {
          action: 'close_all',
          actor: requestedBy,
          scope: filter.symbol ? 'symbol' : filter.strategy ? 'strategy' : 'all',
          target: filter.symbol ?? filter.strategy ?? null,
          details: {
            ...filter,
            reason,
            orders: out.map((r) => ({
              id: r.order.id,
              clientOrderId: r.order.client_order_id,
              symbol: r.order.symbol,
              strategy: r.order.strategy,
              status: r.order.status,
            })),
            ...(cancelled.length > 0 && { cancelled }),
            ...(skipped.length > 0 && { skipped }),
            ...(error !== undefined && { error }),
          },
        },
        false,
      );
    }
    return out;
  }

  /**
   * Sells a whole position at market (an exit: stop, close-all, kill switch). Its resting SELL
   * limits are cancelled first (their client ids into `cancelled`; what they filled meanwhile is
   * recorded), then what it still holds is sold. Held back when a limit could not be cancelled:
   * selling as well could sell the same coins twice.
   */
  private async sellWhole(
    p: PositionRow,
    sells: readonly OrderRow[],
    exitReason: ExitReason,
    referencePrice: Decimal,
    cancelled: string[] = [],
  ): Promise<{ heldBack: string } | { result: LiveOrderResult | undefined }> {
    const stillOpen = await this.cancelResting(sells, cancelled).catch((err: unknown) => (err as Error).message);
    if (stillOpen) return { heldBack: stillOpen };
    const held = sells.length > 0 ? await this.heldBy(p.strategy, p.symbol) : dec(p.quantity);
    const step = this.deps.markets.get(p.symbol)?.stepSize;
    const quantity = step ? floorToStep(held, step) : held;
    if (quantity.lte(0)) return { result: undefined };
    const result = await this.execute(
      {
        clientOrderId: exitClientOrderId(),
        signalId: null,
        idempotencyKey: null,
        strategy: p.strategy,
        symbol: p.symbol,
        side: 'SELL',
        type: 'market',
        quantity,
        price: null,
        exitReason,
      },
      referencePrice,
    );
    return { result };
  }

  /** Cancels resting orders and records their final state; the client id of one still open, if any. */
  private async cancelResting(orders: readonly OrderRow[], cancelled: string[]): Promise<string | undefined> {
    for (const o of orders) {
      const outcome = await this.deps.executor.cancel(o.symbol, o.client_order_id);
      const recorded = await this.record(o, outcome);
      if (recorded.order.status === 'open' || recorded.order.status === 'pending')
        return `${o.client_order_id} is still open`;
      cancelled.push(o.client_order_id);
    }
    return undefined;
  }

  private async heldBy(strategy: string, symbol: string): Promise<Decimal> {
    const p = (await listLivePositions(this.deps.db)).find((r) => r.strategy === strategy && r.symbol === symbol);
    return p ? dec(p.quantity) : dec(0);
  }
}
