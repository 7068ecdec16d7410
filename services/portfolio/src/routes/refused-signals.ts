import type { Express } from 'express';
import { refusedSignalsQuerySchema, type RefusedSignalsPage } from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { pageCount, trimOrNull } from '../format.js';
import { parseSymbolFilter } from '../queries.js';
import { refusedSignalsPage } from '../repositories/refused-signals.js';
import type { RouteDeps } from './deps.js';

/**
 * `GET /portfolio/signals/refused`: why it did not trade. Every signal whose order the trader
 * refused (risk limits, a pause, funds, a position already held…) or recorded as expired, with the
 * trader's reason; `mode` picks the account (default: the running one).
 */
export function mountRefusedSignalsRoutes(app: Express, deps: RouteDeps): void {
  app.get('/portfolio/signals/refused', async (req, res) => {
    const q = validate(refusedSignalsQuerySchema, req.query, 'query');
    const mode = q.mode ?? deps.view.mode;
    const { rows, total, reasons } = await refusedSignalsPage(deps.db, {
      demo: mode === 'demo',
      status: q.status,
      reason: q.reason,
      symbol: q.symbol ? parseSymbolFilter(q.symbol, deps.symbols) : undefined,
      strategy: q.strategy,
      from: q.from,
      to: q.to,
      limit: q.limit,
      page: q.page,
    });
    const body: RefusedSignalsPage = {
      mode,
      signals: rows.map((r) => ({
        orderId: r.id,
        signalId: r.signal_id,
        strategy: r.strategy,
        symbol: r.symbol,
        side: r.side,
        status: r.status,
        reason: r.reason ?? '',
        at: r.created_at.toISOString(),
        candleTime: r.candle_time?.toISOString() ?? null,
        price: trimOrNull(r.price),
      })),
      reasons,
      page: q.page,
      limit: q.limit,
      total,
      pages: pageCount(total, q.limit),
    };
    res.json(body);
  });
}
