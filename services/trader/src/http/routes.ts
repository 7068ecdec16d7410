import type { Express, Request } from 'express';
import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import {
  accountResetSchema,
  cancelOrderRequestSchema,
  ordersQuerySchema,
  type CancelOrderRequest,
  type Order,
  type PaperAccountResponse,
} from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { HttpError, validate } from '@roottrading/service';
import { valueAccount } from '../account/publisher.js';
import { toOrderView } from '../orders/order-view.js';
import type { LastPrices } from '../prices/last-prices.js';
import { listRecentOrders } from '../repositories/orders.js';
import { requireOperator } from './operator-auth.js';
import { readTradeRequest } from './trade-request.js';
import { requireJson } from './require-json.js';
import type { EngineAccount } from '../runner/engine-account.js';

export interface RouteDeps {
  db: Db;
  account: EngineAccount;
  symbols: readonly string[];
  /** demo: the paper account's own /account routes are mounted too (valued at `prices`). */
  mode: { kind: 'demo'; prices: LastPrices } | { kind: 'live'; tradingPaused: () => string | null };
}

/** The routes both modes share: orders in and out. */
export function mountRoutes(app: Express, deps: RouteDeps): void {
  const { account, symbols, mode } = deps;
  const demo = mode.kind === 'demo';

  /**
   * A manual order: market at the last price, or limit resting at its price. Everything about the
   * request is checked before anything is written; once it is valid, it is one engine event and
   * exactly one order is recorded — filled (201), resting (202) or rejected with its reason (422) —
   * and with an Idempotency-Key a retry gets that same answer.
   */
  app.post('/trade', async (req, res) => {
    requireOperator(req);
    const { body, idempotencyKey, symbol, quantity, protection } = readTradeRequest(req, symbols);
    const price = body.type === 'limit' ? dec(body.price!) : undefined;
    const tick = account.market(symbol)?.tickSize;
    // Off-tick prices are refused rather than rounded: the order rests exactly where it was asked to.
    if (price && tick && !price.mod(tick).isZero()) {
      const message = `must be a multiple of the tick ${toPlain(tick)} of ${symbol}`;
      throw new HttpError(400, `invalid trade request: price ${message}`, [{ field: 'price', message }]);
    }
    const paused = mode.kind === 'live' ? mode.tradingPaused() : null;
    // The exchange cannot be reached safely now: nothing is placed, nothing written.
    if (paused) throw new HttpError(503, paused);
    const outcome = await account.placeOrder({
      symbol,
      side: body.side,
      quantity,
      ...(price ? { price } : {}),
      ...(protection ? { protection } : {}),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    });
    if (outcome.kind === 'key-conflict') {
      const first = toOrderView(outcome.existing);
      throw new HttpError(
        409,
        `Idempotency-Key was already used for a different order (${first.side} ${first.quantity} ${first.symbol}, order ${first.id})`,
        [{ field: 'Idempotency-Key', message: 'was already used for a different order' }],
      );
    }
    const order = toOrderView(outcome.result);
    if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
    if (order.status === 'filled') res.status(201).json({ order });
    else if (order.status === 'rejected' || order.status === 'expired')
      res.status(422).json({ error: order.reason ?? `order ${order.status}`, order });
    else res.status(202).json({ order }); // a limit order resting (open), or — replayed — canceled since
  });

  /** The account's resting limit orders (live: and orders whose answer is still awaited). */
  app.get('/orders/open', async (_req, res) => {
    const rows = await account.openOrders();
    res.json({ mode: mode.kind, orders: rows.map((r) => toOrderView(r)) });
  });

  /** Cancels a resting limit order: its funds are unlocked with it (live: once the exchange confirms). */
  app.post('/orders/:clientOrderId/cancel', async (req, res) => {
    requireOperator(req);
    const clientOrderId = String(req.params.clientOrderId);
    const outcome = await account.cancelOrder(clientOrderId, cancelRequestOf(req).requestedBy);
    if (outcome.kind === 'not-found') throw new HttpError(404, `no ${mode.kind} order ${clientOrderId}`);
    if (outcome.kind === 'not-open') {
      throw new HttpError(409, `order ${clientOrderId} is ${outcome.order.status}: only an open order can be canceled`);
    }
    res.json({ order: toOrderView(outcome.result) });
  });

  app.get('/orders', async (req, res) => {
    const { limit } = validate(ordersQuerySchema, req.query, 'query');
    const rows = await listRecentOrders(deps.db, limit, demo);
    const orders: Order[] = rows.map((r) => toOrderView(r));
    res.json({ mode: mode.kind, orders });
  });

  if (mode.kind === 'demo') mountPaperAccountRoutes(app, account, { ...deps, prices: mode.prices });
}

/** The cancel's optional body, `{"requestedBy": "alice"}`: none at all is "api"; one that is there must be JSON. */
function cancelRequestOf(req: Request): CancelOrderRequest {
  const empty = !req.get('transfer-encoding') && Number(req.get('content-length') ?? 0) === 0;
  if (empty) return { requestedBy: 'api' };
  requireJson(req, 'the cancel request');
  return validate(cancelOrderRequestSchema, req.body ?? {}, 'cancel request');
}

function mountPaperAccountRoutes(app: Express, account: EngineAccount, deps: AccountViewDeps): void {
  app.get('/account', async (_req, res) => {
    res.json(await accountView(deps));
  });

  /** Back to DEMO_BALANCES, no positions; the order and trade history is kept. */
  app.post('/account/reset', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the reset request (an empty object {} will do)');
    const body = validate(accountResetSchema, req.body, 'account reset request');
    await account.reset(body.requestedBy);
    res.json(await accountView(deps));
  });
}

interface AccountViewDeps {
  account: EngineAccount;
  prices: LastPrices;
  symbols: readonly string[];
}

async function accountView(deps: AccountViewDeps): Promise<PaperAccountResponse> {
  const snapshot = await deps.account.read();
  const last = deps.prices.all();
  const valuation = valueAccount(snapshot, deps.symbols, last);
  const initial = new Map(snapshot.balances.map((b) => [b.asset, toPlain(dec(b.initial))]));
  return {
    mode: 'demo' as const,
    balances: valuation.balances.map((b) => ({ ...b, initial: initial.get(b.asset) ?? '0' })),
    positions: snapshot.positions.map((p) => {
      const quantity = dec(p.quantity);
      const cost = dec(p.cost);
      const price: Decimal | undefined = last.get(p.symbol);
      return {
        strategy: p.strategy,
        symbol: p.symbol,
        quantity: toPlain(quantity),
        cost: toPlain(cost),
        averagePrice: toPlain(cost.div(quantity)),
        lastPrice: price ? toPlain(price) : null,
        value: price ? toPlain(quantity.mul(price)) : null,
        unrealizedPnl: price ? toPlain(quantity.mul(price).minus(cost)) : null,
        openedAt: p.opened_at?.toISOString() ?? null,
        stopLoss: p.stop_loss === null ? null : toPlain(dec(p.stop_loss)),
        takeProfit: p.take_profit === null ? null : toPlain(dec(p.take_profit)),
        trailingStop: p.trailing_stop,
        trailingStopPrice: p.trail_stop === null ? null : toPlain(dec(p.trail_stop)),
        updatedAt: p.updated_at.toISOString(),
      };
    }),
    totals: valuation.totals,
  };
}
