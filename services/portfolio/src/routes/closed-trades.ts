import type { Express } from 'express';
import {
  closedTradesFilterSchema,
  closedTradesQuerySchema,
  type ClosedTradesFilter,
  type ClosedTradesPage,
} from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { closedTradesCsv, toClosedTrade } from '../closed-trade.js';
import { pageCount } from '../format.js';
import { parseSymbolFilter } from '../queries.js';
import {
  closedPositionsPage,
  closedPositionsUpTo,
  type ClosedPositionsFilter,
} from '../repositories/closed-positions.js';
import type { RouteDeps } from './deps.js';

/** An export holds at most this many round trips (years of a busy strategy); narrow the dates for more. */
export const CSV_MAX_ROWS = 100_000;

/**
 * `GET /portfolio/closed-trades` (a page) and `GET /portfolio/closed-trades.csv` (every match, same
 * filters): round trips newest closed first. `mode` picks the account (default: the running one).
 */
export function mountClosedTradesRoutes(app: Express, deps: RouteDeps): void {
  const filterOf = (q: ClosedTradesFilter): ClosedPositionsFilter & { mode: 'demo' | 'live' } => {
    const mode = q.mode ?? deps.view.mode;
    return {
      mode,
      demo: mode === 'demo',
      symbol: q.symbol ? parseSymbolFilter(q.symbol, deps.symbols) : undefined,
      strategy: q.strategy,
      exitReason: q.exitReason,
      from: q.from,
      to: q.to,
    };
  };

  app.get('/portfolio/closed-trades', async (req, res) => {
    const query = validate(closedTradesQuerySchema, req.query, 'query');
    const filter = filterOf(query);
    const { rows, total } = await closedPositionsPage(deps.db, { ...filter, limit: query.limit, page: query.page });
    const body: ClosedTradesPage = {
      mode: filter.mode,
      trades: rows.map(toClosedTrade),
      page: query.page,
      limit: query.limit,
      total,
      pages: pageCount(total, query.limit),
    };
    res.json(body);
  });

  app.get('/portfolio/closed-trades.csv', async (req, res) => {
    const filter = filterOf(validate(closedTradesFilterSchema, req.query, 'query'));
    const rows = await closedPositionsUpTo(deps.db, filter, CSV_MAX_ROWS);
    res
      .type('text/csv; charset=utf-8')
      .set('content-disposition', `attachment; filename="closed-trades-${filter.mode}.csv"`)
      .set('cache-control', 'no-store')
      .send(closedTradesCsv(rows.map(toClosedTrade)));
  });
}
