import { dec, floorToStep, toPlain, type Decimal } from '@roottrading/accounting';
import { intervalToMs, type Side, type Signal } from '@roottrading/contracts';
import { isUniqueViolation, type Db, type DemoBalanceRow, type PositionRow } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { TraderConfig } from '../config.js';
import type { Markets } from '../markets/markets.js';
import { manualClientOrderId, signalClientOrderId } from '../orders/client-order-id.js';
import { executeOrder, type ExecutedOrder, type OrderIntent } from '../orders/execute-order.js';
import type { PriceLookup } from '../prices/last-prices.js';
import { listBalances, replaceBalances, seedBalancesIfEmpty } from '../repositories/balances.js';
import { findOrderByIdempotencyKey, findOrderIdBySignal, type OrderWithTrade } from '../repositories/orders.js';
import { deleteDemoPositions, listOpenPositions } from '../repositories/positions.js';
import { SerialQueue } from './serial-queue.js';

/** The strategy name manual orders trade under; their position is theirs alone. */
export const MANUAL_STRATEGY = 'manual';

export interface AccountStats {
  signalsHandled: number;
  duplicateSignals: number;
  ordersFilled: number;
  ordersRejected: number;
  ordersExpired: number;
}

export type SignalOutcome = { kind: 'duplicate' } | { kind: 'recorded'; result: ExecutedOrder };

export interface ManualOrderRequest {
  symbol: string;
  side: Side;
  quantity: Decimal;
  idempotencyKey?: string;
}

export type ManualOutcome =
  { kind: 'order'; result: OrderWithTrade; replayed: boolean } | { kind: 'key-conflict'; existing: OrderWithTrade };

export interface AccountSnapshot {
  balances: DemoBalanceRow[];
  positions: PositionRow[];
}

export interface DemoAccountDeps {
  db: Db;
  config: Pick<
    TraderConfig,
    'SYMBOLS' | 'DEMO_BALANCES' | 'TRADE_QUANTITY' | 'FEE_RATE' | 'SLIPPAGE' | 'SIGNAL_MAX_AGE'
  >;
  markets: Markets;
  logger: Logger;
  now?: () => number;
}

/** Either one means the signal already has its order: the client order id is derived from the signal id. */
const SIGNAL_UNIQUE = ['orders_signal_id_key', 'orders_client_order_id_key', 'trades_client_order_id_key'];
const IDEMPOTENCY_UNIQUE = 'orders_idempotency_key_key';

/**
 * The paper account: every change to it goes through here, one at a time (SerialQueue), each in
 * one database transaction. Signals and manual orders share the same executor, so they obey the
 * same market and balance rules.
 */
export class DemoAccount {
  readonly queue = new SerialQueue();
  readonly stats: AccountStats = {
    signalsHandled: 0,
    duplicateSignals: 0,
    ordersFilled: 0,
    ordersRejected: 0,
    ordersExpired: 0,
  };
  private readonly now: () => number;
  /** Called after every commit that changed balances (fills and resets): the publisher hooks in here. */
  onChange: () => void = () => undefined;

  constructor(private readonly deps: DemoAccountDeps) {
    this.now = deps.now ?? Date.now;
  }

  private get seed(): Map<string, string> {
    return new Map([...this.deps.config.DEMO_BALANCES].map(([asset, amount]) => [asset, toPlain(amount)]));
  }

  /** Seeds DEMO_BALANCES into an empty account; an account that already exists is left as it is. */
  async seedIfEmpty(): Promise<boolean> {
    return this.queue.run(() => this.deps.db.transaction().execute((tx) => seedBalancesIfEmpty(tx, this.seed)));
  }

  /** Back to DEMO_BALANCES with no positions; orders and trades stay as history. */
  async reset(): Promise<void> {
    await this.queue.run(() =>
      this.deps.db.transaction().execute(async (tx) => {
        await replaceBalances(tx, this.seed);
        await deleteDemoPositions(tx);
      }),
    );
    this.deps.logger.info({ balances: Object.fromEntries(this.seed) }, 'demo account reset');
    this.onChange();
  }

  /**
   * Handles one signal from the durable stream: exactly one order row per signal id, whatever
   * the number of deliveries. Resolves once committed (the stream then acknowledges); throws only
   * when the database fails, so the entry stays pending and is retried.
   */
  handleSignal(signal: Signal): Promise<SignalOutcome> {
    return this.queue.run(async () => {
      const { db, config, logger } = this.deps;
      if ((await findOrderIdBySignal(db, signal.id)) !== undefined) return this.duplicate(signal);
      const intent: OrderIntent = {
        strategy: signal.strategy,
        symbol: signal.symbol,
        side: signal.side,
        requested: signal.side === 'BUY' ? config.TRADE_QUANTITY : 'all',
        buyOnlyWhenFlat: true,
        referencePrice: dec(signal.price),
        refuse: this.refuseSignal(signal),
        signalId: signal.id,
        idempotencyKey: null,
        clientOrderId: signalClientOrderId(signal.id),
        // A replayed candle trades at its own time, not at the wall clock, so history lines up.
        fillTime: new Date(signal.timestamp + intervalToMs(signal.interval) - 1),
      };
      let result: ExecutedOrder;
      try {
        result = await this.commit(intent);
      } catch (err) {
        // Another process committed the same signal between our check and our insert.
        if (SIGNAL_UNIQUE.some((c) => isUniqueViolation(err, c))) return this.duplicate(signal);
        throw err;
      }
      this.stats.signalsHandled++;
      const level = result.rejectedBy === 'position' ? 'debug' : 'info';
      logger[level](
        { signalId: signal.id, strategy: signal.strategy, ...summary(result) },
        `signal ${signal.side} ${signal.symbol} → ${result.order.status}`,
      );
      return { kind: 'recorded', result };
    });
  }

  /**
   * A manual order at the last price. With an Idempotency-Key the first outcome is final: a retry
   * (even one racing the first) gets that order back and trades nothing.
   */
  placeManualOrder(req: ManualOrderRequest, price: () => PriceLookup): Promise<ManualOutcome> {
    return this.queue.run(async () => {
      const key = req.idempotencyKey ?? null;
      if (key !== null) {
        const existing = await findOrderByIdempotencyKey(this.deps.db, key);
        if (existing) return this.replay(existing, req);
      }
      const lookup = price();
      const intent: OrderIntent = {
        strategy: MANUAL_STRATEGY,
        symbol: req.symbol,
        side: req.side,
        requested: req.quantity,
        buyOnlyWhenFlat: false,
        referencePrice: lookup.ok ? lookup.price : null,
        refuse: lookup.ok ? undefined : { status: 'rejected', reason: lookup.reason },
        signalId: null,
        idempotencyKey: key,
        clientOrderId: manualClientOrderId(),
        fillTime: new Date(this.now()),
      };
      try {
        const result = await this.commit(intent);
        this.deps.logger.info({ ...summary(result) }, `manual ${req.side} ${req.symbol} → ${result.order.status}`);
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

  /** Balances and open positions read in one snapshot, so a valuation never mixes before and after a fill. */
  async read(): Promise<AccountSnapshot> {
    return this.deps.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => ({ balances: await listBalances(tx), positions: await listOpenPositions(tx) }));
  }

  private async commit(intent: OrderIntent): Promise<ExecutedOrder> {
    const { db, markets, config } = this.deps;
    const result = await db
      .transaction()
      .execute((tx) =>
        executeOrder(tx, intent, { markets, costs: { feeRate: config.FEE_RATE, slippage: config.SLIPPAGE } }),
      );
    if (result.order.status === 'filled') this.stats.ordersFilled++;
    else if (result.order.status === 'expired') this.stats.ordersExpired++;
    else this.stats.ordersRejected++;
    if (result.trade) this.onChange();
    return result;
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

  private duplicate(signal: Signal): SignalOutcome {
    this.stats.duplicateSignals++;
    this.deps.logger.debug({ signalId: signal.id }, 'signal already has its order; acknowledging the redelivery');
    return { kind: 'duplicate' };
  }

  /** The first request's order, or a conflict when the key was used for a different order. */
  private replay(existing: OrderWithTrade, req: ManualOrderRequest): ManualOutcome {
    const { order } = existing;
    const rules = this.deps.markets.get(req.symbol);
    const quantity = rules ? floorToStep(req.quantity, rules.stepSize) : req.quantity;
    const same =
      order.strategy === MANUAL_STRATEGY &&
      order.symbol === req.symbol &&
      order.side === req.side &&
      dec(order.quantity).eq(quantity);
    return same ? { kind: 'order', result: existing, replayed: true } : { kind: 'key-conflict', existing };
  }
}

function summary(r: OrderWithTrade) {
  return {
    orderId: r.order.id,
    status: r.order.status,
    reason: r.order.reason ?? undefined,
    price: r.trade ? toPlain(dec(r.trade.price)) : undefined,
    quantity: toPlain(dec(r.order.quantity)),
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}
