import type { Express } from 'express';
import {
  quoteOf,
  resolveSymbol,
  symbolSchema,
  tradesQuerySchema,
  type BalanceResponse,
  type TradeRow,
  type TradesPage,
} from '@roottrading/contracts';
import type { Db, TradeDbRow } from '@roottrading/db';
import { HttpError, validate } from '@roottrading/service';
import type { AccountView } from './account-view.js';
import { aggregatesByQuote, costByQuote, demoStartingBalances, tradesPage } from './repositories/trades.js';
import { buildSummary } from './summary.js';

export interface RouteDeps {
  db: Db;
  view: AccountView;
  symbols: string[];
}

export function mountPortfolioRoutes(app: Express, { db, view, symbols }: RouteDeps): void {
  const demo = view.mode === 'demo';

  app.get('/portfolio/summary', async (_req, res) => {
    const [aggregates, cost, starting] = await Promise.all([
      aggregatesByQuote(db, demo),
      costByQuote(db, demo),
      demo ? demoStartingBalances(db) : Promise.resolve(new Map()),
    ]);
    const startingCash = new Map([...starting].map(([asset, b]) => [asset, b.initial]));
    res.json(
      buildSummary({
        mode: view.mode,
        totals: view.totals,
        aggregates,
        costByQuote: cost,
        startingCash,
        quotes: [...new Set(symbols.map(quoteOf))],
      }),
    );
  });

  app.get('/portfolio/balance', (_req, res) => {
    const body: BalanceResponse = {
      mode: view.mode,
      updatedAt: view.balances ? new Date(view.balances.timestamp).toISOString() : null,
      balances: view.balances?.balances ?? [],
    };
    res.json(body);
  });

  app.get('/portfolio/trades', async (req, res) => {
    const query = validate(tradesQuerySchema, req.query, 'query');
    const symbol = query.symbol ? parseSymbolFilter(query.symbol, symbols) : undefined;
    const { rows, total } = await tradesPage(db, { demo, symbol, limit: query.limit, page: query.page });
    const body: TradesPage = {
      mode: view.mode,
      trades: rows.map(toTradeRow),
      page: query.page,
      limit: query.limit,
      total,
      pages: Math.max(1, Math.ceil(total / query.limit)),
    };
    res.json(body);
  });
}

/** A configured symbol in any accepted form, or any well-formed BASE/QUOTE (trades may outlive SYMBOLS). */
function parseSymbolFilter(input: string, symbols: string[]): string {
  const known = resolveSymbol(input, symbols);
  if (known) return known;
  const upper = input.trim().toUpperCase();
  if (symbolSchema.safeParse(upper).success) return upper;
  throw new HttpError(400, `invalid query: symbol "${input}" is not a symbol like BTC/USDC or BTCUSDC`, [
    { field: 'symbol', message: 'must be a symbol like BTC/USDC or one of SYMBOLS in compact form' },
  ]);
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
    realizedPnl: r.realized_pnl === null ? null : trimZeros(r.realized_pnl),
    timestamp: r.timestamp.toISOString(),
    demo: r.demo,
  };
}

/** NUMERIC(38,18) comes back as "23152.650000000000000000"; the API shows "23152.65". */
export function trimZeros(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}
