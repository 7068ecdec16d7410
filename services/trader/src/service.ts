import type { SignalStream } from '@roottrading/bus';
import { dec } from '@roottrading/accounting';
import { intervalToMs } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import { DemoAccount } from './account/demo-account.js';
import { AccountPublisher } from './account/publisher.js';
import type { TraderConfig } from './config.js';
import { OperatorControls } from './controls/operator-controls.js';
import { mountRoutes } from './http/routes.js';
import { DEFAULT_MARKETS_FILE, loadMarkets, requireMarkets } from './markets/markets.js';
import { LastPrices } from './prices/last-prices.js';
import { seedPricesFromCandles } from './prices/seed-prices.js';
import { startTraderBase } from './startup/trader-base.js';

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

  return startTraderBase(config, logger, async ({ db, bus, closing, followCandles, serve }) => {
    const prices = new LastPrices();
    // Prices first: the account's candle time and its position monitor start from the newest stored candle.
    await seedPricesFromCandles(db, prices, config.SYMBOLS, config.INTERVAL);
    const account = new DemoAccount({
      db,
      config,
      markets,
      prices,
      logger: logger.child({ module: 'account' }),
    });
    // Set at once: stopping also ends the flusher and writes what is still only in memory.
    closing.account = () => account.stop();
    await seedAccount(account, logger);
    await account.load();
    account.startFlushing();
    await followCandles((candle) => account.onCandle(candle));

    const publisher = new AccountPublisher({
      bus,
      db,
      account,
      prices,
      symbols: config.SYMBOLS,
      intervalMs: config.ACCOUNT_INTERVAL,
      logger: logger.child({ module: 'publisher' }),
    });
    account.onChange = () => publisher.changed();
    account.onSnapshotBoundary = () => publisher.boundary();

    const serving = await serve({
      account,
      publisher,
      controls: new OperatorControls({ db, account, logger: logger.child({ module: 'controls' }) }),
      mountRoutes: (app) =>
        mountRoutes(app, {
          db,
          account,
          prices,
          symbols: config.SYMBOLS,
          priceMaxAgeMs: config.PRICE_MAX_AGE_INTERVALS * intervalToMs(config.INTERVAL),
        }),
      health: () => ({
        candleTime: account.clock.now === null ? null : new Date(account.clock.now).toISOString(),
        accountPublishes: publisher.published,
        lastPrices: prices.describe(Date.now()),
      }),
      started: { label: 'demo account' },
    });
    return { ...serving, account, prices, publisher };
  });
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
