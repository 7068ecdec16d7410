import type { Server } from 'node:http';
import { Bus, SignalStream } from '@roottrading/bus';
import { dec } from '@roottrading/accounting';
import { intervalToMs, KEY, topics } from '@roottrading/contracts';
import { createDb, pingDb } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth } from '@roottrading/service';
import { DemoAccount } from './account/demo-account.js';
import { AccountPublisher } from './account/publisher.js';
import type { TraderConfig } from './config.js';
import { OperatorControls } from './controls/operator-controls.js';
import { mountControlsRoutes } from './http/controls-routes.js';
import { installOperatorAuth } from './http/operator-auth.js';
import { mountRoutes } from './http/routes.js';
import { DEFAULT_MARKETS_FILE, loadMarkets, requireMarkets } from './markets/markets.js';
import { LastPrices } from './prices/last-prices.js';
import { seedPricesFromCandles } from './prices/seed-prices.js';

export interface Trader {
  /** The port HTTP is bound to (the real one when TRADER_PORT is 0). */
  port: number;
  account: DemoAccount;
  prices: LastPrices;
  signalStream: SignalStream;
  publisher: AccountPublisher;
  /** Stops taking signals after the one in hand is committed and acknowledged, then closes everything. */
  stop(): Promise<void>;
}

/** startTrader is the paper account's; live mode starts through startLiveTrader (live/live-trader.ts). */
export const LIVE_NEEDS_LIVE_TRADER = 'TRADING_MODE=live is started by startLiveTrader, not startTrader';

/** Starts the trader: seeds the paper account, follows prices, consumes signals, serves HTTP. */
export async function startTrader(config: TraderConfig, opts: { logger: Logger }): Promise<Trader> {
  const { logger } = opts;
  if (config.TRADING_MODE === 'live') throw new Error(LIVE_NEEDS_LIVE_TRADER);
  const marketsFile = config.MARKETS_FILE ?? DEFAULT_MARKETS_FILE;
  const markets = loadMarkets(marketsFile);
  requireMarkets(markets, config.SYMBOLS, marketsFile);

  const db = createDb(config.DATABASE_URL, { logger });
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, logger });
  const signalStream = new SignalStream(bus, logger.child({ module: 'signals' }));
  let server: Server | undefined;
  let streamStarted = false;
  let account: DemoAccount | undefined;
  const cleanup = async () => {
    if (streamStarted) await signalStream.stop();
    if (server) await closeServer(server);
    await bus.close();
    await account?.stop();
    await db.destroy();
  };

  try {
    const prices = new LastPrices();
    // Prices first: the account's candle time and its position monitor start from the newest stored candle.
    await seedPricesFromCandles(db, prices, config.SYMBOLS, config.INTERVAL);
    const liveAccount = new DemoAccount({
      db,
      config,
      markets,
      prices,
      logger: logger.child({ module: 'account' }),
    });
    account = liveAccount;
    await seedAccount(liveAccount, logger);
    await liveAccount.load();
    liveAccount.startFlushing();
    for (const symbol of config.SYMBOLS) {
      await bus.subscribe(topics.marketData(symbol), (candle) => {
        if (candle.symbol === symbol) liveAccount.onCandle(candle);
      });
    }
    const publisher = new AccountPublisher({
      bus,
      db,
      account: liveAccount,
      prices,
      symbols: config.SYMBOLS,
      intervalMs: config.ACCOUNT_INTERVAL,
      logger: logger.child({ module: 'publisher' }),
    });
    liveAccount.onChange = () => publisher.changed();
    liveAccount.onSnapshotBoundary = () => publisher.boundary();
    const controls = new OperatorControls({ db, account: liveAccount, logger: logger.child({ module: 'controls' }) });

    const app = createApp(logger);
    installOperatorAuth(app, config);
    mountHealth(app, {
      service: 'trader',
      redis: () => bus.ping(),
      postgres: () => pingDb(db),
      details: async () => ({
        mode: config.TRADING_MODE,
        consumer: config.TRADER_CONSUMER,
        group: KEY.signalGroup,
        ...liveAccount.stats,
        queued: liveAccount.queue.size,
        killSwitch: liveAccount.controls().killSwitch,
        pauses: liveAccount.controls().pauses,
        candleTime: liveAccount.clock.now === null ? null : new Date(liveAccount.clock.now).toISOString(),
        streamLag: await signalStream.lag(),
        accountPublishes: publisher.published,
        lastPrices: prices.describe(Date.now()),
      }),
    });
    mountRoutes(app, {
      db,
      account: liveAccount,
      prices,
      symbols: config.SYMBOLS,
      priceMaxAgeMs: config.PRICE_MAX_AGE_INTERVALS * intervalToMs(config.INTERVAL),
    });
    mountControlsRoutes(app, { account: liveAccount, controls, symbols: config.SYMBOLS });
    finishApp(app, logger);
    server = await listen(app, config.TRADER_PORT, config.HTTP_HOST);

    signalStream.start({
      consumer: config.TRADER_CONSUMER,
      claimIdleMs: config.SIGNAL_CLAIM_IDLE_MS,
      // All entries of one read in one transaction; resolving means committed, and only then does
      // the stream acknowledge them.
      batchHandler: async (batch) => {
        await liveAccount.handleSignals(batch.map((b) => b.signal));
      },
    });
    streamStarted = true;
    publisher.start();

    const port = boundPort(server);
    logger.info(
      {
        port,
        host: config.HTTP_HOST,
        mode: config.TRADING_MODE,
        symbols: config.SYMBOLS,
        consumer: config.TRADER_CONSUMER,
      },
      'trader started (demo account)',
    );

    const liveServer = server;
    let stopping: Promise<void> | undefined;
    return {
      port,
      account: liveAccount,
      prices,
      signalStream,
      publisher,
      stop: () =>
        (stopping ??= (async () => {
          await Promise.all([signalStream.stop(), closeServer(liveServer)]);
          await liveAccount.stop();
          await publisher.stop();
          await bus.close();
          await db.destroy();
          logger.info('trader stopped');
        })()),
    };
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

/** Seeds DEMO_BALANCES once; a database without the trader's tables gets one clear line instead of SQL. */
async function seedAccount(account: DemoAccount, logger: Logger): Promise<void> {
  let seeded: boolean;
  try {
    seeded = await account.seedIfEmpty();
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') {
      throw new Error('the database has no demo_balances table: run `pnpm migrate` first');
    }
    throw err;
  }
  const balances = await account.read().then((s) => s.balances.map((b) => `${b.asset}=${dec(b.free).toFixed()}`));
  logger.info({ balances }, seeded ? 'demo account seeded from DEMO_BALANCES' : 'demo account loaded');
}
