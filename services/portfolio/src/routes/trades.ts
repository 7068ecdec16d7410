import type { Express } from 'express';
import type { TradeRow, TradesPage } from '@roottrading/contracts';
import type { TradeDbRow } from '@roottrading/db';
import { validate } from '@roottrading/service';
import { pageCount, trimOrNull, trimZeros } from '../format.js';
import { parseSymbolFilter, portfolioTradesQuerySchema } from '../queries.js';
import { tradesPage } from '../repositories/trades.js';
import type { RouteDeps } from './deps.js';

/**
 * `GET /portfolio/trades?symbol=&side=&strategy=&mode=&limit=50&page=1`. `mode` picks which
 * account's history to list (default: the mode the service runs in); one page is always one mode,
 * and every row says which (`demo`), so demo and live trades are never mixed.
 */
export function mountTradesRoutes(app: Express, { db, view, symbols }: RouteDeps): void {
  app.get('/portfolio/trades', async (req, res) => {
    const query = validate(portfolioTradesQuerySchema, req.query, 'query');
    const mode = query.mode ?? view.mode;
    const { rows, total } = await tradesPage(db, {
      demo: mode === 'demo',
      symbol: query.symbol ? parseSymbolFilter(query.symbol, symbols) : undefined,
      side: query.side,
      strategy: query.strategy,
      limit: query.limit,
      page: query.page,
    });
    const body: TradesPage = {
      mode,
      trades: rows.map(toTradeRow),
      page: query.page,
      limit: query.limit,
      total,
      pages: pageCount(total, query.limit),
    };
    res.json(body);
  });
}

function toTradeRow(r: TradeDbRow): TradeRow {
  return {
    id: r.id,
    orderId: String(r.order_id),
    clientOrderId: r.client_order_id,
    symbol: r.symbol,
    side: r.side,
    status: r.status,
    price: trimZeros(r.price),
    quantity: trimZeros(r.quantity),
    quoteQuantity: trimZeros(r.quote_quantity),
    fee: trimZeros(r.fee),
    feeCurrency: r.fee_currency,
    role: r.role,
    strategy: r.strategy,
    signalId: r.signal_id,
    realizedPnl: trimOrNull(r.realized_pnl),
    timestamp: r.timestamp.toISOString(),
    demo: r.demo,
    exitReason: r.exit_reason,
  };
}
