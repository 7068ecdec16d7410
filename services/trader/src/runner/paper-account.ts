import type { Decimal } from '@roottrading/accounting';
import type { ControlsState, PauseScope, Side } from '@roottrading/contracts';
import type { Db, DemoBalanceRow, OrderRow, PositionRow } from '@roottrading/db';
import type { CloseFilter, ControlEvent, EngineOutput, MarketRules, ProtectionRequest } from '@roottrading/engine';
import type { Holdings } from '../account/publisher.js';
import { pauseView } from '../controls/pause-rows.js';
import { clientOrderIdOf } from '../ledger/commit-outputs.js';
import { engineIdOf } from '../ledger/load-state.js';
import { listBalances } from '../repositories/balances.js';
import { findOrdersByClientIds, listOpenDemoOrders, type OrderWithTrade } from '../repositories/orders.js';
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

export interface PauseCommand {
  scope: PauseScope;
  /** Already resolved: a strategy name, or a symbol in BTC/USDC form; null for all. */
  target: string | null;
  requestedBy: string;
}

/**
 * The paper account as HTTP and the publisher see it: every request is an engine event, stepped on
 * the runner's one queue after what came before it, and answered from the rows its outputs wrote.
 * Times are the market clock's (the newest candle handled in a replay, the wall clock on live prices).
 */
export class PaperAccount {
  constructor(
    private readonly deps: {
      db: Db;
      runner: EngineRunner;
      clock: MarketClock;
      markets: ReadonlyMap<string, MarketRules>;
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
    const [step] = await this.deps.runner.run([
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
    for (const o of step!.outputs) {
      if (o.type === 'manual-replayed' || o.type === 'manual-conflict') {
        const [first] = await this.ordersOf([o.orderId]);
        if (!first) throw new Error(`order ${o.orderId} of Idempotency-Key ${o.idempotencyKey} is not stored`);
        return o.type === 'manual-replayed'
          ? { kind: 'order', result: first, replayed: true }
          : { kind: 'key-conflict', existing: first };
      }
    }
    const [result] = await this.ordersOf(newOrders(step!.outputs).slice(0, 1));
    if (!result) throw new Error('the engine placed no order for a manual request');
    return { kind: 'order', result, replayed: false };
  }

  async openOrders(): Promise<OrderWithTrade[]> {
    const rows = await listOpenDemoOrders(this.deps.db);
    return rows.map((order) => ({ order, trade: null }));
  }

  async cancelOrder(clientOrderId: string, by = 'api'): Promise<CancelOutcome> {
    const [known] = await findOrdersByClientIds(this.deps.db, [clientOrderId], true);
    if (!known) return { kind: 'not-found' };
    const orderId = engineIdOf(clientOrderId);
    const [step] = await this.deps.runner.run([{ type: 'cancel', at: this.deps.clock.eventTime(), orderId, by }]);
    const [now] = await this.ordersOf([orderId]);
    const canceled = step!.outputs.some((o) => o.type === 'order-updated' && o.order.id === orderId);
    return canceled && now ? { kind: 'canceled', result: now } : { kind: 'not-open', order: (now ?? known).order };
  }

  /** Sells each matching position whole at the last price (exit reason manual); the orders, in order. */
  async closePositions(filter: CloseFilter, requestedBy: string): Promise<OrderWithTrade[]> {
    const [step] = await this.control({ type: 'close', filter, by: requestedBy });
    return this.ordersOf(newOrders(step!.outputs));
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

  private ordersOf(engineIds: readonly string[]): Promise<OrderWithTrade[]> {
    return findOrdersByClientIds(this.deps.db, engineIds.map(clientOrderIdOf), true);
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

const newOrders = (outputs: readonly EngineOutput[]): string[] =>
  outputs.flatMap((o) => (o.type === 'order' ? [o.order.id] : []));
