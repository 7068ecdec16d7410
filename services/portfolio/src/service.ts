import { Bus } from '@roottrading/bus';
import { balancesMessageSchema, topics, totalBalanceMessageSchema } from '@roottrading/contracts';
import { createDb, pingDb } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth } from '@roottrading/service';
import { AccountView } from './account-view.js';
import type { PortfolioConfig } from './config.js';
import { latestSnapshot } from './repositories/snapshots.js';
import { mountPortfolioRoutes } from './routes.js';

export interface PortfolioService {
  port: number;
  view: AccountView;
  stop(): Promise<void>;
}

export async function startPortfolio(
  config: PortfolioConfig,
  { logger }: { logger: Logger },
): Promise<PortfolioService> {
  const db = createDb(config.DATABASE_URL, { logger });
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, logger });
  const view = new AccountView(config.TRADING_MODE);

  await restoreFromSnapshot(view, db, logger);
  await bus.subscribe(topics.balances, (m) => view.acceptBalances(m));
  await bus.subscribe(topics.totalBalance, (m) => view.acceptTotals(m));

  const app = createApp(logger);
  mountHealth(app, {
    service: 'portfolio',
    redis: () => bus.ping(),
    postgres: () => pingDb(db),
    details: () => ({
      mode: view.mode,
      balancesAt: view.balances ? new Date(view.balances.timestamp).toISOString() : null,
      totalsAt: view.totals ? new Date(view.totals.timestamp).toISOString() : null,
    }),
  });
  mountPortfolioRoutes(app, { db, view, symbols: config.SYMBOLS });
  finishApp(app, logger);
  const server = await listen(app, config.PORTFOLIO_PORT, config.HTTP_HOST);
  const port = boundPort(server);
  logger.info({ port, mode: view.mode }, 'portfolio listening');

  return {
    port,
    view,
    stop: async () => {
      await closeServer(server);
      await bus.close();
      await db.destroy();
    },
  };
}

/** Figures from the last snapshot until the trader publishes again; a bad snapshot is skipped, not fatal. */
async function restoreFromSnapshot(view: AccountView, db: ReturnType<typeof createDb>, logger: Logger): Promise<void> {
  try {
    const snap = await latestSnapshot(db, view.mode === 'demo');
    if (!snap) return;
    const balances = balancesMessageSchema.safeParse(snap.balances);
    const totals = totalBalanceMessageSchema.safeParse(snap.totals);
    if (balances.success) view.acceptBalances(balances.data);
    if (totals.success) view.acceptTotals(totals.data);
    if (!balances.success || !totals.success) logger.warn('latest balance snapshot has an unexpected shape; ignored');
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'could not load the latest balance snapshot');
  }
}
