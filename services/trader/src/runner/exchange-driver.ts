import type { EngineOrder, EngineOutput } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import { SerialQueue } from '../account/serial-queue.js';
import { ExchangeFailure } from '../live/exchange-errors.js';
import type { OrderExecutor, OrderOutcome } from '../live/order-executor.js';
import { insertExchangeFills, writeOrderFacts } from '../repositories/exchange-orders.js';
import type { EngineRunner } from './engine-runner.js';
import { recordOfOutcome } from './exchange-outcome.js';

export interface DriverDeps {
  runner: EngineRunner;
  executor: OrderExecutor & { readonly finalAfterMs: number };
  logger: Logger;
  /** The wall clock: when an answer arrived, and whether a request can still reach the exchange. */
  now: () => number;
}

/** What the exchange executor has done, for /health. */
export interface DriverStats {
  sent: number;
  filled: number;
  rejected: number;
  unknown: number;
  cancelsSent: number;
  neverSent: number;
}

/**
 * The exchange side of the runner. The engine's orders are committed `pending` before anything is
 * sent; then, outside any transaction, this sends each one once with its client id and steps the
 * answer back into the engine (fills at the exchange's times, then the order's state), with the
 * exchange's own facts (order id, error, fills) in that same transaction. Cancels go the same way.
 * An order whose answer could not be learned stays pending and is asked for again by `poll`, by
 * its client id — never sent a second time. One request at a time, in commit order.
 */
export class ExchangeDriver {
  private readonly queue = new SerialQueue();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** When each order of this process was sent: an absent order counts as never sent only after recvWindow. */
  private readonly sentAt = new Map<string, number>();
  readonly stats: DriverStats = { sent: 0, filled: 0, rejected: 0, unknown: 0, cancelsSent: 0, neverSent: 0 };

  constructor(private readonly deps: DriverDeps) {
    deps.runner.onCommitted(({ outputs }) => this.committed(outputs));
  }

  /** Resolves once what was last asked of the exchange about this order is recorded. */
  settled(orderId: string): Promise<void> {
    return this.inFlight.get(orderId) ?? Promise.resolve();
  }

  /** Requests queued or running. */
  get queued(): number {
    return this.queue.size;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * Asks the exchange about every order still live in the account (resting limits, answers that
   * never came, orders a crash left unsent) and records what changed.
   */
  poll(): Promise<void> {
    const live = [...this.deps.runner.state.orders.values()].filter((o) => !this.inFlight.has(o.id));
    return Promise.all(live.map((o) => this.track(o.id, () => this.refresh(o.id)))).then(() => undefined);
  }

  private committed(outputs: readonly EngineOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'order' && o.order.status === 'pending') {
        const order = o.order;
        void this.track(order.id, () => this.send(order));
      } else if (o.type === 'cancel-order') {
        void this.track(o.orderId, () => this.cancel(o.orderId));
      }
    }
  }

  private track(orderId: string, job: () => Promise<void>): Promise<void> {
    const done = this.queue.run(job).catch((err: unknown) => {
      // Not the exchange (that is an outcome): the answer could not be recorded. Asked again by the poller.
      this.deps.logger.error({ orderId, error: (err as Error).message }, 'recording an exchange answer failed');
    });
    this.inFlight.set(orderId, done);
    void done.finally(() => {
      if (this.inFlight.get(orderId) === done) this.inFlight.delete(orderId);
    });
    return done;
  }

  private async send(order: EngineOrder): Promise<void> {
    const clientOrderId = this.clientIdOf(order.id);
    this.sentAt.set(order.id, this.deps.now());
    this.stats.sent++;
    const outcome = await this.deps.executor.place({
      clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      ...(order.type === 'limit' && order.price ? { price: order.price } : {}),
      // The price the engine expects it at (the last close): what a market order's value is checked on.
      referencePrice: order.price!,
    });
    await this.record(order, outcome);
  }

  private async cancel(orderId: string): Promise<void> {
    const order = this.deps.runner.state.orders.get(orderId);
    if (!order) return;
    this.stats.cancelsSent++;
    let outcome: OrderOutcome;
    try {
      outcome = await this.deps.executor.cancel(order.symbol, this.clientIdOf(orderId));
    } catch (err) {
      if (!(err instanceof ExchangeFailure)) throw err;
      this.deps.logger.warn({ orderId, error: err.message }, 'cancel not confirmed yet: asked again by the poller');
      return;
    }
    await this.record(order, outcome);
  }

  private async refresh(orderId: string): Promise<void> {
    const order = this.deps.runner.state.orders.get(orderId);
    if (!order) return;
    let outcome: OrderOutcome;
    try {
      outcome = await this.deps.executor.refresh(order.symbol, this.clientIdOf(orderId));
    } catch (err) {
      if (!(err instanceof ExchangeFailure)) throw err;
      if (err.kind === 'not-found' && order.status === 'pending' && this.neverArrives(order)) {
        // Asked after the request could no longer be accepted: it never reached the exchange.
        this.stats.neverSent++;
        this.deps.logger.warn({ orderId }, 'a pending order never reached the exchange: rejected');
        outcome = {
          status: 'rejected',
          clientOrderId: this.clientIdOf(orderId),
          symbol: order.symbol,
          quantity: order.quantity,
          reason: 'never reached the exchange',
          source: 'not-accepted',
          exchangeError: null,
        };
      } else {
        this.deps.logger.debug({ orderId, error: err.message }, 'order not settled yet');
        return;
      }
    }
    if (outcome.status === 'open' && outcome.order.filledQuantity.eq(order.filledQuantity) && order.status === 'open') {
      return;
    }
    await this.record(order, outcome);
  }

  private neverArrives(order: EngineOrder): boolean {
    const sent = this.sentAt.get(order.id) ?? order.placedAt;
    return this.deps.now() - sent > this.deps.executor.finalAfterMs;
  }

  private async record(order: EngineOrder, outcome: OrderOutcome): Promise<void> {
    const rec = recordOfOutcome(order, this.clientIdOf(order.id), outcome, this.deps.now());
    if (outcome.status === 'filled') this.stats.filled++;
    else if (outcome.status === 'rejected') this.stats.rejected++;
    else if (outcome.status === 'unknown') {
      this.stats.unknown++;
      this.deps.logger.warn(
        { clientOrderId: rec.facts.clientOrderId, reason: outcome.reason },
        'order outcome unknown: left pending, looked up again later, never resent',
      );
    }
    await this.deps.runner.run(rec.events, async (tx) => {
      await insertExchangeFills(tx, rec.fills);
      await writeOrderFacts(tx, rec.facts);
    });
  }

  private clientIdOf(orderId: string): string {
    return this.deps.runner.scope.ids.clientIdOf(orderId);
  }
}
