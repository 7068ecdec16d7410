import type { Express } from 'express';
import { profitQuerySchema, type ProfitResponse } from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { trimZeros } from '../format.js';
import { profitBuckets } from '../repositories/closed-positions.js';
import type { RouteDeps } from './deps.js';

/**
 * `GET /portfolio/profit?period=day|week|month&mode=&limit=90`: closed round trips' result per UTC
 * bucket of their close and per quote currency, the newest `limit` buckets, oldest first.
 */
export function mountProfitRoutes(app: Express, deps: RouteDeps): void {
  app.get('/portfolio/profit', async (req, res) => {
    const q = validate(profitQuerySchema, req.query, 'query');
    const mode = q.mode ?? deps.view.mode;
    const period = q.period ?? 'day';
    const rows = await profitBuckets(deps.db, mode === 'demo', period);
    // The newest `limit` bucket starts, whichever currency traded in them.
    const starts = [...new Set(rows.map((r) => r.start.getTime()))].slice(-q.limit);
    const kept = new Set(starts);
    const body: ProfitResponse = {
      mode,
      period,
      buckets: rows
        .filter((r) => kept.has(r.start.getTime()))
        .map((r) => ({
          currency: r.currency,
          start: r.start.toISOString(),
          trades: r.trades,
          grossPnl: trimZeros(r.gross),
          fees: trimZeros(r.fees),
          netPnl: trimZeros(r.net),
        })),
    };
    res.json(body);
  });
}
