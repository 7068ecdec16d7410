import type { Express } from 'express';
import {
  positionsHistoryQuerySchema,
  type OpenPositionsResponse,
  type PositionsHistoryPage,
} from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { toClosedPosition } from '../closed-trade.js';
import { pageCount } from '../format.js';
import { valueOpenPosition } from '../open-positions.js';
import { noQuerySchema, parseSymbolFilter } from '../queries.js';
import { closedPositionsPage } from '../repositories/closed-positions.js';
import { openPositions } from '../repositories/positions.js';
import { isDemo, type RouteDeps } from './deps.js';

/** `GET /portfolio/positions` (open, valued at the last price) and `GET /portfolio/positions/history` (closed). */
export function mountPositionRoutes(app: Express, deps: RouteDeps): void {
  const { db, view, prices, symbols } = deps;
  const demo = isDemo(deps);

  app.get('/portfolio/positions', async (req, res) => {
    validate(noQuerySchema, req.query, 'query');
    const rows = await openPositions(db, demo);
    const body: OpenPositionsResponse = {
      mode: view.mode,
      positions: rows.map((r) => valueOpenPosition(r, prices.get(r.symbol, view.totals)?.price)),
    };
    res.json(body);
  });

  app.get('/portfolio/positions/history', async (req, res) => {
    const query = validate(positionsHistoryQuerySchema, req.query, 'query');
    const { rows, total } = await closedPositionsPage(db, {
      demo,
      symbol: query.symbol ? parseSymbolFilter(query.symbol, symbols) : undefined,
      strategy: query.strategy ? query.strategy.trim() : undefined,
      limit: query.limit,
      page: query.page,
    });
    const body: PositionsHistoryPage = {
      mode: view.mode,
      positions: rows.map(toClosedPosition),
      page: query.page,
      limit: query.limit,
      total,
      pages: pageCount(total, query.limit),
    };
    res.json(body);
  });
}
