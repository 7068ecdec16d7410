import type { Express } from 'express';
import { dec, toPlain } from '@roottrading/accounting';
import type { Order } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { HttpError } from '@roottrading/service';
import { requireOperator } from '../http/operator-auth.js';
import { readTradeRequest } from '../http/trade-request.js';
import { toOrderView } from '../orders/order-view.js';
import type { LastPrices } from '../prices/last-prices.js';
import { listRecentOrders } from '../repositories/orders.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { ExchangeFailure } from './exchange-errors.js';
import type { LiveAccount } from './live-account.js';
import { listLivePositions } from './live-order-store.js';
import type { LiveBalancePublisher } from './live-balance-publisher.js';

export interface LiveRouteDeps {
  db: Db;
  account: LiveAccount;
  breaker: CircuitBreaker;
  prices: LastPrices;
  publisher: LiveBalancePublisher;
  symbols: readonly string[];
  priceMaxAgeMs: number;
  /** The last price from the exchange when the bus has none fresh (a manual market order's value check). */
  exchangePrice: (symbol: string) => Promise<string | undefined>;
}

/** The exchange's last price; an open circuit breaker is 503 (trading paused), another failure 502. */
async function lastExchangePrice(deps: LiveRouteDeps, symbol: string) {
  try {
    return dec((await deps.exchangePrice(symbol)) ?? '0');
  } catch (err) {
    if (err instanceof ExchangeFailure) throw new HttpError(err.kind === 'circuit-open' ? 503 : 502, err.message);
    throw err;
  }
}

/**
 * The trader's HTTP API in live mode. Every route that changes state runs requireOperator first
 * (the bearer token); answers carry the exchange's scrubbed message, never a credential.
 */
export function mountLiveRoutes(app: Express, deps: LiveRouteDeps): void {
  const { account, symbols } = deps;

  /** 201 filled, 202 open or pending, 422 rejected (with the exchange's message), 503 breaker open. */
  app.post('/trade', async (req, res) => {
    requireOperator(req);
    const { body, idempotencyKey, symbol, quantity, protection } = readTradeRequest(req, symbols);
    const type = body.type ?? 'market';
    const price = body.price === undefined ? null : dec(body.price);
    const fresh = deps.prices.fresh(symbol, Date.now(), deps.priceMaxAgeMs);
    const reference = fresh.ok ? fresh.price : (price ?? (await lastExchangePrice(deps, symbol)));
    const outcome = await account.placeManualOrder({
      symbol,
      side: body.side,
      type,
      quantity,
      price,
      idempotencyKey: idempotencyKey ?? null,
      referencePrice: reference,
      protection,
    });
    if (outcome.kind === 'key-conflict') {
      throw new HttpError(409, 'Idempotency-Key was already used for a different order', [
        { field: 'Idempotency-Key', message: 'was already used for a different order' },
      ]);
    }
    const order = toOrderView(outcome.result.order, outcome.result.trade);
    if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
    if (order.status === 'filled') res.status(201).json({ order });
    else if (order.status === 'rejected' && outcome.result.source === 'paused')
      res.status(503).json({ error: order.reason ?? 'trading is paused', order });
    else if (order.status === 'rejected') res.status(422).json({ error: order.reason ?? 'rejected', order });
    else res.status(202).json({ order });
  });

  app.get('/orders', async (req, res) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 50) || 50));
    const rows = await listRecentOrders(deps.db, limit, false);
    const orders: Order[] = rows.map((r) => toOrderView(r.order, r.trade));
    res.json({ mode: 'live', orders });
  });

  app.get('/orders/open', async (_req, res) => {
    const rows = await account.openOrders();
    res.json({ mode: 'live', orders: rows.map((r) => toOrderView(r.order, r.trade)) });
  });

  app.post('/orders/:clientOrderId/cancel', async (req, res) => {
    requireOperator(req);
    const clientOrderId = String(req.params.clientOrderId);
    let result;
    try {
      result = await account.cancel(clientOrderId);
    } catch (err) {
      // Already scrubbed of credentials by the exchange client.
      if (err instanceof ExchangeFailure) throw new HttpError(err.kind === 'circuit-open' ? 503 : 502, err.message);
      throw err;
    }
    if (!result) throw new HttpError(404, `no live order ${clientOrderId}`);
    res.json({ order: toOrderView(result.order, result.trade) });
  });

  app.post('/live/breaker/reset', (req, res) => {
    requireOperator(req);
    deps.breaker.reset();
    res.json({ breaker: deps.breaker.status() });
  });

  app.get('/account', async (_req, res) => {
    const positions = await listLivePositions(deps.db);
    res.json({
      mode: 'live',
      balanceError: deps.publisher.lastError,
      positions: positions.map((p) => ({
        strategy: p.strategy,
        symbol: p.symbol,
        quantity: toPlain(dec(p.quantity)),
        cost: toPlain(dec(p.cost)),
        openedAt: p.opened_at?.toISOString() ?? null,
        stopLoss: p.stop_loss === null ? null : toPlain(dec(p.stop_loss)),
        takeProfit: p.take_profit === null ? null : toPlain(dec(p.take_profit)),
        trailingStop: p.trailing_stop,
        trailingStopPrice: p.trail_stop === null ? null : toPlain(dec(p.trail_stop)),
      })),
    });
  });

  app.post('/account/reset', (req) => {
    requireOperator(req);
    throw new HttpError(409, 'the live account is the exchange account: it cannot be reset');
  });
}
