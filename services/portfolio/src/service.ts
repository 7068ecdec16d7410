import { Bus } from '@roottrading/bus';
import { topics } from '@roottrading/contracts';
import { createDb, pingDb, type Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth, mountSettings } from '@roottrading/service';
import { AccountView } from './account-view.js';
import type { PortfolioConfig } from './config.js';
import { LastPrices } from './last-prices.js';
import { latestSnapshot } from './repositories/snapshots.js';
import { mountPortfolioRoutes } from './routes.js';
import { snapshotMessages } from './snapshot-messages.js';
import { readConfigFile } from '@roottrading/config';
import { strategiesFileSchema } from '@roottrading/contracts';

export interface PortfolioService {
  port: number;
  view: AccountView;
  prices: LastPrices;
  stop(): Promise<void>;
}

export async function startPortfolio(
  config: PortfolioConfig,
  { logger }: { logger: Logger },
): Promise<PortfolioService> {
  // Before connecting anywhere: a bad file stops the service with the line it is wrong on.
  const instances = config.STRATEGIES_FILE
    ? readConfigFile(config.STRATEGIES_FILE, strategiesFileSchema, 'STRATEGIES_FILE').instances
    : undefined;
  const db = createDb(config.DATABASE_URL, { logger });
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, secret: config.BUS_SECRET, logger });
  const view = new AccountView(config.TRADING_MODE);
  const prices = new LastPrices();

  // Subscribed before the snapshot is read, so a publish in between is not lost until the next
  // one; the view keeps whichever of the two is newer.
  await bus.subscribe(topics.balances, (m) => view.acceptBalances(m));
  await bus.subscribe(topics.totalBalance, (m) => view.acceptTotals(m));
  await restoreFromSnapshot(view, db, logger);
  // Open positions are valued at the latest close of their market, as the candles arrive.
  for (const symbol of config.SYMBOLS) await bus.subscribe(topics.marketData(symbol), (c) => prices.acceptCandle(c));

  const app = createApp(logger, config);
  mountSettings(app, { service: 'portfolio', config });
  mountHealth(app, {
    service: 'portfolio',
    redis: () => bus.ping(),
    postgres: () => pingDb(db),
    details: () => ({
      mode: view.mode,
      balancesAt: view.balances ? new Date(view.balances.timestamp).toISOString() : null,
      totalsAt: view.totals ? new Date(view.totals.timestamp).toISOString() : null,
      prices: priceHealth(prices, view, config.SYMBOLS),
      invalidMessages: bus.invalidCount,
      signatureRejects: bus.signatureRejects,
    }),
  });
  mountPortfolioRoutes(app, { db, view, prices, symbols: config.SYMBOLS, ...(instances ? { instances } : {}) });
  finishApp(app, logger);
  const server = await listen(app, config.PORTFOLIO_PORT, config.HTTP_HOST);
  const port = boundPort(server);
  logger.info({ port, mode: view.mode }, 'portfolio listening');

  return {
    port,
    view,
    prices,
    stop: async () => {
      await closeServer(server);
      await bus.close();
      await db.destroy();
    },
  };
}

/**
 * Per symbol: the price open positions are valued at, where it came from, its (candle) time, and
 * how many seconds ago this service got it — wall time, so a stalled feed shows even in a replay.
 */
function priceHealth(prices: LastPrices, view: AccountView, symbols: readonly string[]) {
  const now = Date.now();
  return Object.fromEntries(
    symbols.map((symbol) => {
      const p = prices.get(symbol, view.totals);
      return [
        symbol,
        p
          ? {
              price: p.price,
              source: p.source,
              time: p.time.toISOString(),
              ageSeconds: Math.round((now - p.receivedAt.getTime()) / 1000),
            }
          : null,
      ];
    }),
  );
}

/** Figures from the last snapshot until the trader publishes again; a bad snapshot is skipped, not fatal. */
async function restoreFromSnapshot(view: AccountView, db: Db, logger: Logger): Promise<void> {
  try {
    const snap = await latestSnapshot(db, view.mode === 'demo');
    if (!snap) return;
    const { balances, totals } = snapshotMessages(snap, view.mode);
    if (balances) view.acceptBalances(balances);
    if (totals) view.acceptTotals(totals);
    if (!balances || !totals) logger.warn('latest balance snapshot has an unexpected shape; ignored');
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'could not load the latest balance snapshot');
  }
}
