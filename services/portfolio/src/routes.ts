import type { Express } from 'express';
import { mountAccountRoutes } from './routes/account.js';
import { mountArenaRoutes } from './routes/arena.js';
import { mountClosedTradesRoutes } from './routes/closed-trades.js';
import type { RouteDeps } from './routes/deps.js';
import { mountEquityRoutes } from './routes/equity.js';
import { mountLiveStatsRoutes } from './routes/live-stats.js';
import { mountPnlRoutes } from './routes/pnl.js';
import { mountPositionRoutes } from './routes/positions.js';
import { mountProfitRoutes } from './routes/profit.js';
import { mountRefusedSignalsRoutes } from './routes/refused-signals.js';
import { mountTradesRoutes } from './routes/trades.js';

export type { RouteDeps } from './routes/deps.js';

export function mountPortfolioRoutes(app: Express, deps: RouteDeps): void {
  mountAccountRoutes(app, deps);
  mountTradesRoutes(app, deps);
  mountPositionRoutes(app, deps);
  mountPnlRoutes(app, deps);
  mountClosedTradesRoutes(app, deps);
  mountRefusedSignalsRoutes(app, deps);
  mountProfitRoutes(app, deps);
  mountEquityRoutes(app, deps);
  mountLiveStatsRoutes(app, deps);
  mountArenaRoutes(app, deps);
}
