import type { Express } from 'express';
import type { PnlResponse } from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { pnlStats } from '../pnl-stats.js';
import { noQuerySchema } from '../queries.js';
import { closedAggregates } from '../repositories/closed-positions.js';
import { isDemo, type RouteDeps } from './deps.js';

/** `GET /portfolio/pnl`: round-trip statistics of closed positions per pair and per strategy and quote. */
export function mountPnlRoutes(app: Express, deps: RouteDeps): void {
  const demo = isDemo(deps);
  app.get('/portfolio/pnl', async (req, res) => {
    validate(noQuerySchema, req.query, 'query');
    const [bySymbol, byStrategy] = await Promise.all([
      closedAggregates(deps.db, demo, 'symbol'),
      closedAggregates(deps.db, demo, 'strategy'),
    ]);
    const body: PnlResponse = {
      mode: deps.view.mode,
      bySymbol: bySymbol.map(({ key, ...a }) => ({ symbol: key, ...pnlStats(a) })),
      byStrategy: byStrategy.map(({ key, ...a }) => ({ strategy: key, ...pnlStats(a) })),
    };
    res.json(body);
  });
}
