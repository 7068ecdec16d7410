import type { Decimal } from '@roottrading/accounting';
import type { ControlsState, PauseScope, Side } from '@roottrading/contracts';
import type { Db, DemoBalanceRow, OrderRow, PositionRow } from '@roottrading/db';
import {
  positionKey,
  type CloseFilter,
  type ControlEvent,
  type EngineOutput,
  type EnginePosition,
  type MarketRules,
  type ProtectionRequest,
  type QuoteEvent,
} from '@roottrading/engine';
import type { Holdings } from '../account/publisher.js';
import { pauseView } from '../controls/pause-rows.js';
import { listBalances } from '../repositories/balances.js';
import { findOrdersByClientIds, listOpenOrders, type OrderWithTrade } from '../repositories/orders.js';
import { listOpenPositions } from '../repositories/positions.js';
import type { EngineRunner, Step } from './engine-runner.js';
import type { MarketClock } from './market-clock.js';
import { snapshotOf } from './snapshot.js';

export interface ManualRequest {
  symbol: string;
  side: Side;
  quantity: Decimal;
  /** A limit order's price; a market order has none. */
  price?: Decimal;
  protection?: ProtectionRequest;
  idempotencyKey?: string;
}

export type ManualOutcome =
  { kind: 'order'; result: OrderWithTrade; replayed: boolean } | { kind: 'key-conflict'; existing: OrderWithTrade };

export type CancelOutcome =
  { kind: 'not-found' } | { kind: 'not-open'; order: OrderRow } | { kind: 'canceled'; result: OrderWithTrade };

/** Why one position was not closed, or the exit order placed for it. */
export type ClosePositionOutcome =
  | { kind: 'not-open' }
  /** The position asked for (by its open time) is gone; another of the same strategy and symbol is open. */
  | { kind: 'reopened'; openedAt: Date | null }
  | { kind: 'exit-in-flight'; orderId: string | null }
  | { kind: 'closed'; result: OrderWithTrade };

export interface ClosePositionCommand {
  strategy: string;
  /** Already resolved, BTC/USDC form. */
  symbol: string;
  /** The position's open time as the caller saw it; any open one when absent. */
  openedAt?: Date;
  requestedBy: string;
}

export interface PauseCommand {
  scope: PauseScope;
  /** Already resolved: a strategy name, or a symbol in BTC/USDC form; null for all. */
  target: string | null;
  requestedBy: string;
}

/**
 * The account as HTTP and the publisher see it, paper or exchange: every request is an engine
 * event, stepped on the runner's one queue after what came before it, and answered from the rows
 * its outputs wrote — with an exchange, once the orders it placed have been sent and their answers
 * recorded (`settled`). Times are the clock's (the newest candle handled in a replay, the wall
 * clock on live prices and in live mode).
 */
export class EngineAccount {
  constructor(
    private readonly deps: {
      db: Db;
      runner: EngineRunner;
      clock: MarketClock;
      markets: ReadonlyMap<string, MarketRules>;
      /** Exchange execution: resolves once what was asked of the exchange about an order is recorded. */
      settled?: (orderId: string) => Promise<void>;
      /** Exchange execution: the exchange's last price when no candle is fresh (a manual market order's price). */
      quote?: (symbol: string) => Promise<{ price: Decimal; at: number } | undefined>;
    },
  ) {}

  get queue(): { readonly size: number } {
    return { size: this.deps.runner.queued };
  }

  get stats(): object {
    return { ...this.deps.runner.stats };
  }

  /** The newest candle close stepped, for /health and the snapshots' candle time. */
  get candleTime(): number | null {
    return this.deps.clock.newestClose();
  }

  market(symbol: string): MarketRules | undefined {
    return this.deps.markets.get(symbol);
  }

  /** Balances and open positions as last committed (in memory): what the publisher values. */
  snapshot(): Holdings {
    return snapshotOf(this.deps.runner.state);
  }

  /** Balances and open positions read from the database in one snapshot (HTTP /account). */
  async read(): Promise<{ balances: DemoBalanceRow[]; positions: PositionRow[] }> {
    return this.deps.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => ({ balances: await listBalances(tx), positions: await listOpenPositions(tx) }));
  }

  controls(): ControlsState {
    const k = this.deps.runner.state.killSwitch;
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      killSwitch: {
        active: k.active,
        reason: k.reason,
        trippedAt: iso(k.trippedAt),
        resetBy: k.resetBy,
        resetAt: iso(k.resetAt),
      },
      pauses: this.deps.runner.state.pauses.map(pauseView),
    };
  }

  async placeOrder(req: ManualRequest): Promise<ManualOutcome> {
    const quotes = req.price ? [] : await this.quotes([req.symbol]);
    const steps = await this.deps.runner.run([
      ...quotes,
      {
        type: 'manual-order',
        at: this.deps.clock.eventTime(),
        request: {
          symbol: req.symbol,
          side: req.side,
          orderType: req.price ? 'limit' : 'market',
          quantity: req.quantity,
          ...(req.price ? { price: req.price } : {}),
          ...(req.protection ? { protection: req.protection } : {}),
          ...(req.idempotencyKey !== undefined ? { idempotencyKey: req.idempotencyKey } : {}),
        },
      },
    ]);
    const step = steps.at(-1);
    for (const o of step!.outputs) {
      if (o.type === 'manual-replayed' || o.type === 'manual-conflict') {
        const [first] = await this.ordersOf([o.orderId]);
        if (!first) throw new Error(`order ${o.orderId} of Idempotency-Key ${o.idempotencyKey} is not stored`);
        return o.type === 'manual-replayed'
          ? { kind: 'order', result: first, replayed: true }
          : { kind: 'key-conflict', existing: first };
      }
    }
    const placed = newOrders(step!.outputs).slice(0, 1);
    await this.sent(placed);
    const [result] = await this.ordersOf(placed);
    if (!result) throw new Error('the engine placed no order for a manual request');
    return { kind: 'order', result, replayed: false };
  }

  async openOrders(): Promise<OrderWithTrade[]> {
    const rows = await listOpenOrders(this.deps.db, this.deps.runner.scope.demo);
    return rows.map((order) => ({ order, trade: null, fills: [] }));
  }

  async cancelOrder(clientOrderId: string, by = 'api'): Promise<CancelOutcome> {
    const [known] = await findOrdersByClientIds(this.deps.db, [clientOrderId], this.deps.runner.scope.demo);
    if (!known) return { kind: 'not-found' };
    const orderId = this.deps.runner.scope.ids.engineIdOf(clientOrderId);
    const [step] = await this.deps.runner.run([{ type: 'cancel', at: this.deps.clock.eventTime(), orderId, by }]);
    await this.sent([orderId]);
    const [now] = await this.ordersOf([orderId]);
    const asked = step!.outputs.some(
      (o) => (o.type === 'order-updated' && o.order.id === orderId) || o.type === 'cancel-order',
    );
    // With an exchange the cancel may lose to a fill: the order's state is whatever the exchange said.
    return asked && now && now.order.status !== 'open' && now.order.status !== 'pending'
      ? { kind: 'canceled', result: now }
      : { kind: 'not-open', order: (now ?? known).order };
  }

  /** Sells each matching position whole at the last price (exit reason manual); the orders, in order. */
  async closePositions(filter: CloseFilter, requestedBy: string): Promise<OrderWithTrade[]> {
    const symbols = new Set([...this.deps.runner.state.positions.values()].map((p) => p.symbol));
    const quotes = await this.quotes([...symbols].filter((s) => !filter.symbol || s === filter.symbol));
    const steps = await this.deps.runner.run([
      ...quotes,
      { type: 'close', filter, by: requestedBy, at: this.deps.clock.eventTime() },
    ]);
    const placed = newOrders(steps.at(-1)!.outputs);
    await this.sent(placed);
    return this.ordersOf(placed);
  }

  /**
   * Sells one strategy's position in one symbol whole at the last price (exit reason manual), as
   * one engine event. Whether it is there to close is judged on the runner's queue, right before
   * the event: a refusal steps and writes nothing.
   */
  async closePosition(cmd: ClosePositionCommand): Promise<ClosePositionOutcome> {
    const quotes = await this.quotes([cmd.symbol]);
    const filter = { symbol: cmd.symbol, strategy: cmd.strategy };
    const ran = await this.deps.runner.runUnless(
      (state) => closeRefusal(state.positions.get(positionKey(cmd.strategy, cmd.symbol)), cmd.openedAt),
      [...quotes, { type: 'close', filter, by: cmd.requestedBy, at: this.deps.clock.eventTime() }],
    );
    if ('refused' in ran) return ran.refused;
    const placed = newOrders(ran.steps.at(-1)!.outputs);
    await this.sent(placed);
    const [result] = await this.ordersOf(placed);
    if (!result) throw new Error(`the engine placed no exit for ${cmd.strategy}'s ${cmd.symbol} position`);
    return { kind: 'closed', result };
  }

  async resetKillSwitch(requestedBy: string): Promise<{ wasActive: boolean }> {
    const [step] = await this.control({ type: 'kill-switch-reset', by: requestedBy });
    return { wasActive: step!.before.killSwitch.active };
  }

  async pause(cmd: PauseCommand) {
    const [step] = await this.control({ type: 'pause', scope: cmd.scope, target: cmd.target, by: cmd.requestedBy });
    const created = step!.before.pauses.length !== this.deps.runner.state.pauses.length;
    const pause = this.deps.runner.state.pauses.find((p) => p.scope === cmd.scope && p.target === cmd.target)!;
    return { created, pause: pauseView(pause), controls: this.controls() };
  }

  async resume(cmd: PauseCommand) {
    const [step] = await this.control({ type: 'resume', scope: cmd.scope, target: cmd.target, by: cmd.requestedBy });
    return { resumed: step!.before.pauses.length - this.deps.runner.state.pauses.length, controls: this.controls() };
  }

  /** Back to DEMO_BALANCES, no positions, no resting orders; the order and trade history is kept. */
  async reset(requestedBy = 'api'): Promise<void> {
    await this.control({ type: 'account-reset', by: requestedBy });
  }

  private control(body: DistributiveOmit<ControlEvent, 'at'>): Promise<Step[]> {
    return this.deps.runner.run([{ ...body, at: this.deps.clock.eventTime() } as ControlEvent]);
  }

  /** Exchange execution: the exchange's price of each symbol whose last candle is not fresh. */
  private async quotes(symbols: readonly string[]): Promise<QuoteEvent[]> {
    const { quote } = this.deps;
    if (!quote) return [];
    const read = await Promise.all(symbols.map(async (symbol) => ({ symbol, q: await quote(symbol) })));
    return read.flatMap(({ symbol, q }) => (q ? [{ type: 'quote' as const, at: q.at, symbol, price: q.price }] : []));
  }

  private async sent(engineIds: readonly string[]): Promise<void> {
    const { settled } = this.deps;
    if (settled) await Promise.all(engineIds.map(settled));
  }

  private ordersOf(engineIds: readonly string[]): Promise<OrderWithTrade[]> {
    const { demo, ids } = this.deps.runner.scope;
    return findOrdersByClientIds(this.deps.db, engineIds.map(ids.clientIdOf), demo);
  }
}

/** Why a position cannot be closed now, judged on the account as committed; undefined when it can. */
function closeRefusal(
  position: EnginePosition | undefined,
  openedAt: Date | undefined,
): ClosePositionOutcome | undefined {
  if (!position || position.life.holding.quantity.isZero()) return { kind: 'not-open' };
  const opened = position.life.openedAt;
  if (openedAt && opened?.getTime() !== openedAt.getTime()) return { kind: 'reopened', openedAt: opened };
  if (position.exitOrderId !== null || position.exitWhenFreed) {
    return { kind: 'exit-in-flight', orderId: position.exitOrderId };
  }
  return undefined;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

const newOrders = (outputs: readonly EngineOutput[]): string[] =>
  outputs.flatMap((o) => (o.type === 'order' ? [o.order.id] : []));
