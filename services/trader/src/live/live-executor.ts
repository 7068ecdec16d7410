import { sum, toPlain, type Decimal } from '@roottrading/accounting';
import type { Logger } from '@roottrading/logger';
import { CLIENT_ORDER_PREFIX } from '../orders/client-order-id.js';
import { asFailure, ExchangeFailure, isRejection, wasNotProcessed } from './exchange-errors.js';
import { CLOCK_MARGIN_MS, lookUpOrder, type LookupDeps } from './order-lookup.js';
import { toExecuted, toPlaced } from './placed-order.js';
import { FeeValuer } from './fee-valuer.js';
import type { GuardedExchange } from './guarded-exchange.js';
import type {
  ExecutedFill,
  OrderExecutor,
  OrderOutcome,
  PlacedOrder,
  PlaceOrderRequest,
  RejectionSource,
} from './order-executor.js';
import { prepareOrder } from './order-rules.js';
import { sleep, retryDelay, type BackoffOptions } from './retry-policy.js';
import type { ExchangeFill, ExchangeOrder, Markets } from './types.js';

export interface LiveExecutorOptions {
  exchange: GuardedExchange;
  /** The recvWindow the client signs with: after it, a request still in flight can no longer be accepted. */
  recvWindowMs: number;
  /** Waits between resends of an order the exchange confirmed it never took, and between lookups. */
  backoff: BackoffOptions;
  /** Between polls of a market order that is not done yet. */
  pollMs?: number;
  /** How long a market order is watched for its fill before it is returned as it stands. */
  fillTimeoutMs?: number;
  /** How long an order whose request failed is looked for before its state is called unknown. */
  lookupTimeoutMs?: number;
  /** Sends of one client id in all; a resend happens only after the exchange confirmed it has no such order. */
  maxPlaceAttempts?: number;
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const CLIENT_ID = /^[a-zA-Z0-9-_]{1,36}$/;

/**
 * Carries out orders on the exchange. An order is sent once, with our client id; if the request
 * fails without a clear answer (timeout, dropped connection, 5xx), the order may exist, so it is
 * looked up by that client id until the exchange says either "here it is" or — once the request's
 * recvWindow has passed and it can no longer be accepted — "no such order". Only then is it sent
 * again (same client id), and never more than maxPlaceAttempts times; when the exchange cannot be
 * asked, the outcome is 'unknown' and the order is left for reconciliation, never resent blindly.
 */
export class LiveExecutor implements OrderExecutor {
  readonly mode = 'live' as const;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollMs: number;
  private readonly fillTimeoutMs: number;
  private readonly lookupTimeoutMs: number;
  private readonly maxPlaceAttempts: number;
  private readonly fees: FeeValuer;

  constructor(private readonly opts: LiveExecutorOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? sleep;
    this.pollMs = opts.pollMs ?? 500;
    this.fillTimeoutMs = opts.fillTimeoutMs ?? 30_000;
    this.lookupTimeoutMs = opts.lookupTimeoutMs ?? 60_000;
    this.maxPlaceAttempts = opts.maxPlaceAttempts ?? 3;
    this.fees = new FeeValuer(opts.exchange, opts.logger);
  }

  /** Markets are loaded once (cached by the client); a failed load is tried again next time. */
  markets(): Promise<Markets> {
    return this.opts.exchange.read('load markets', (c) => c.loadMarkets());
  }

  async place(req: PlaceOrderRequest): Promise<OrderOutcome> {
    const reject = (source: RejectionSource, reason: string, quantity: Decimal, exchangeError: string | null = null) =>
      this.rejected(req, source, reason, quantity, exchangeError);
    if (!CLIENT_ID.test(req.clientOrderId) || !req.clientOrderId.startsWith(CLIENT_ORDER_PREFIX)) {
      return reject('rules', `client order id "${req.clientOrderId}" is not one of ours`, req.quantity);
    }
    let markets: Markets;
    try {
      markets = await this.markets();
    } catch (err) {
      const f = asFailure(err);
      return reject(
        f.kind === 'circuit-open' ? 'paused' : 'unreachable',
        `markets unavailable: ${f.message}`,
        req.quantity,
      );
    }
    const market = markets.get(req.symbol);
    if (!market) {
      return reject('rules', `${this.opts.exchange.client.id} has no spot market ${req.symbol}`, req.quantity);
    }
    const prepared = prepareOrder(market, req);
    if (!prepared.ok) return reject('rules', prepared.reason, prepared.amount);

    const { exchange, logger } = this.opts;
    const log = { clientOrderId: req.clientOrderId, symbol: req.symbol, side: req.side, type: req.type };
    for (let attempt = 1; ; attempt++) {
      const sentAt = this.now();
      let placed: ExchangeOrder | undefined;
      let failure = new ExchangeFailure('internal', 'no reply');
      try {
        placed = await exchange.send('create order', (c) =>
          c.createOrder({
            symbol: req.symbol,
            side: req.side,
            type: req.type,
            amount: prepared.amount,
            price: prepared.price ?? undefined,
            clientOrderId: req.clientOrderId,
          }),
        );
      } catch (err) {
        failure = asFailure(err);
      }
      if (placed) return this.settle(placed, req);
      if (failure.kind === 'circuit-open') {
        return reject('paused', failure.message, prepared.amount);
      }
      if (isRejection(failure.kind)) {
        logger?.info({ ...log, error: failure.toJSON() }, 'exchange rejected the order');
        return reject('exchange', failure.message, prepared.amount, failure.exchangeError);
      }
      // No clear answer: the order may exist. Find out before anything else.
      logger?.warn({ ...log, attempt, error: failure.toJSON() }, 'order request failed; looking the order up');
      const found = await lookUpOrder(
        this.lookupDeps(),
        req.symbol,
        req.clientOrderId,
        sentAt,
        wasNotProcessed(failure.kind),
      );
      if (found.kind === 'found') {
        logger?.info({ ...log, exchangeOrderId: found.order.id }, 'order found on the exchange after a failed request');
        return this.settle(found.order, req);
      }
      if (found.kind === 'unknown') {
        logger?.error({ ...log, reason: found.reason }, 'order state unknown; left for reconciliation');
        return {
          status: 'unknown',
          clientOrderId: req.clientOrderId,
          symbol: req.symbol,
          quantity: prepared.amount,
          reason: `order state unknown after "${failure.message}": ${found.reason}`,
        };
      }
      if (attempt >= this.maxPlaceAttempts) {
        return reject(
          'not-accepted',
          `the exchange did not take the order in ${attempt} attempt(s); last error: ${failure.message}`,
          prepared.amount,
          failure.exchangeError,
        );
      }
      // The exchange confirmed it has no such order and the request can no longer arrive: sending again is safe.
      if (failure.kind === 'clock') await exchange.read('sync clock', (c) => c.syncClock()).catch(() => undefined);
      await this.sleep(retryDelay(attempt, this.opts.backoff, failure.retryAfterMs));
    }
  }

  async cancel(symbol: string, clientOrderId: string): Promise<OrderOutcome> {
    const { exchange } = this.opts;
    let order: ExchangeOrder;
    try {
      // A cancel may be retried: a second cancel of a cancelled order only answers "unknown order".
      order = await exchange.read('cancel order', (c) => c.cancelOrder(symbol, { clientOrderId }));
    } catch (err) {
      const f = asFailure(err);
      if (f.kind !== 'not-found') throw f;
      // Not open any more (filled, cancelled, or never there): report its final state.
      order = await exchange.read('fetch order', (c) => c.fetchOrder(symbol, { clientOrderId }));
    }
    return this.settle(order, null);
  }

  /** How long after it was sent a request can no longer be accepted: "no such order" is then final. */
  get finalAfterMs(): number {
    return this.opts.recvWindowMs + CLOCK_MARGIN_MS;
  }

  async refresh(symbol: string, clientOrderId: string): Promise<OrderOutcome> {
    const order = await this.opts.exchange.read('fetch order', (c) => c.fetchOrder(symbol, { clientOrderId }));
    return this.settle(order, null, { wait: false });
  }

  async openOrders(symbol?: string): Promise<PlacedOrder[]> {
    const orders = await this.opts.exchange.read('open orders', (c) => c.fetchOpenOrders(symbol));
    return orders
      .filter((o) => o.clientOrderId?.startsWith(CLIENT_ORDER_PREFIX))
      .map((o) => toPlaced(o, [], o.filled.eq(0)));
  }

  private lookupDeps(): LookupDeps {
    const { exchange, recvWindowMs, backoff } = this.opts;
    const { lookupTimeoutMs, pollMs, now, sleep } = this;
    return { exchange, recvWindowMs, backoff, lookupTimeoutMs, pollMs, now, sleep };
  }

  /** The order's outcome with its fills; a market order is first watched until it is done. */
  private async settle(
    placed: ExchangeOrder,
    req: PlaceOrderRequest | null,
    { wait = true } = {},
  ): Promise<OrderOutcome> {
    let order = placed;
    if (wait && order.status === 'open' && order.type === 'market') order = await this.watch(order);
    if (order.status === 'rejected') {
      return this.rejected(
        req ?? { clientOrderId: order.clientOrderId ?? '', symbol: order.symbol },
        'exchange',
        'the exchange rejected the order',
        order.amount,
        null,
      );
    }
    const { fills, complete } = await this.fillsOf(order);
    const status = order.status === 'closed' ? 'filled' : order.status;
    return { status, order: toPlaced(order, await this.fees.valued(order, fills), complete) };
  }

  private async watch(order: ExchangeOrder): Promise<ExchangeOrder> {
    const until = this.now() + this.fillTimeoutMs;
    let current = order;
    while (current.status === 'open' && this.now() < until) {
      await this.sleep(this.pollMs);
      try {
        current = await this.opts.exchange.read('poll order', (c) => c.fetchOrder(order.symbol, { id: order.id }));
      } catch (err) {
        this.opts.logger?.warn({ orderId: order.id, error: asFailure(err).toJSON() }, 'polling the order failed');
        break;
      }
    }
    return current;
  }

  /**
   * Every fill of the order, with its role: the placement reply's own fills when they add up to
   * what was filled, otherwise the exchange's trade list for the order (asked a few times, as it
   * may lag the order's state by a moment).
   */
  private async fillsOf(order: ExchangeOrder): Promise<{ fills: ExecutedFill[]; complete: boolean }> {
    if (order.filled.lte(0)) return { fills: [], complete: true };
    const adds = (fills: readonly ExchangeFill[]) =>
      sum(fills.map((f) => f.quantity)).eq(order.filled) && fills.every((f) => f.role !== null);
    if (order.fills && adds(order.fills)) return { fills: order.fills.map(toExecuted), complete: true };
    let best: readonly ExchangeFill[] = order.fills ?? [];
    for (let i = 0; i < 3; i++) {
      try {
        const listed = await this.opts.exchange.read('order fills', (c) => c.fetchOrderFills(order.symbol, order.id));
        if (adds(listed)) return { fills: listed.map(toExecuted), complete: true };
        if (listed.length >= best.length) best = listed;
      } catch (err) {
        this.opts.logger?.warn({ orderId: order.id, error: asFailure(err).toJSON() }, 'reading the fills failed');
        break;
      }
      await this.sleep(this.pollMs);
    }
    this.opts.logger?.warn(
      { orderId: order.id, filled: toPlain(order.filled), listed: best.length },
      'the exchange has not listed every fill of the order yet',
    );
    return { fills: best.map(toExecuted), complete: false };
  }

  private rejected(
    req: Pick<PlaceOrderRequest, 'clientOrderId' | 'symbol'>,
    source: RejectionSource,
    reason: string,
    quantity: Decimal,
    exchangeError: string | null,
  ): OrderOutcome {
    return {
      status: 'rejected',
      clientOrderId: req.clientOrderId,
      symbol: req.symbol,
      quantity,
      reason,
      source,
      exchangeError,
    };
  }
}
