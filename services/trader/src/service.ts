import { outboxReader } from './repositories/outbox.js';
import { startOutboxRelay } from './runner/outbox-relay.js';
import { AnalysedCandleStream, ProgressCounter } from '@roottrading/bus';
import { KEY } from '@roottrading/contracts';
import { dec, toPlain } from '@roottrading/accounting';
import type { Db } from '@roottrading/db';
import { TradingEngine } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import { PaperCandleSource } from './account/paper-candle-source.js';
import { AccountPublisher } from './account/publisher.js';
import type { TraderConfig } from './config.js';
import { mountRoutes } from './http/routes.js';
import { loadEngineState } from './ledger/load-state.js';
import { PAPER_LEDGER } from './ledger/order-ids.js';
import {
  DEFAULT_MARKETS_FILE,
  engineConfigOf,
  loadBudgets,
  loadMarkets,
  requireMarkets,
} from '@roottrading/trading-settings';
import { LastPrices } from './prices/last-prices.js';
import { seedPricesFromCandles } from './prices/seed-prices.js';
import { readAccountSource } from './repositories/account-source.js';
import { seedBalancesIfEmpty } from './repositories/balances.js';
import { EngineRunner } from './runner/engine-runner.js';
import { EntryIntake } from './runner/entry-intake.js';
import { MarketClock } from './runner/market-clock.js';
import { EngineAccount } from './runner/engine-account.js';
import { startTraderBase } from './startup/trader-base.js';

export interface Trader {
  /** The port HTTP is bound to (the real one when TRADER_PORT is 0). */
  port: number;
  account: EngineAccount;
  runner: EngineRunner;
  intake: EntryIntake;
  prices: LastPrices;
  stream: AnalysedCandleStream;
  publisher: AccountPublisher;
  /** Stops taking entries after the batch in hand is committed and acknowledged, then closes everything. */
  stop(): Promise<void>;
}

/** startTrader is the paper account's; live mode starts through startLiveTrader (live/live-trader.ts). */
export const LIVE_NEEDS_LIVE_TRADER = 'TRADING_MODE=live is started by startLiveTrader, not startTrader';

/**
 * Starts the paper trader: the engine loaded from the ledger (seeded from DEMO_BALANCES when empty),
 * fed the analysed candles in market order, every batch committed before it is acknowledged;
 * manual orders and operator controls are engine events on the same queue; HTTP serves the rest.
 */
export async function startTrader(config: TraderConfig, opts: { logger: Logger }): Promise<Trader> {
  const { logger } = opts;
  if (config.TRADING_MODE === 'live') throw new Error(LIVE_NEEDS_LIVE_TRADER);
  const marketsFile = config.MARKETS_FILE ?? DEFAULT_MARKETS_FILE;
  const markets = loadMarkets(marketsFile);
  requireMarkets(markets, config.SYMBOLS, marketsFile);
  const engineConfig = engineConfigOf(config, markets, 'paper', loadBudgets(config.STRATEGIES_FILE));

  return startTraderBase(config, logger, async ({ db, bus, closing, serve }) => {
    await seedAccount(db, config, logger);
    const state = await loadEngineState(db, engineConfig);
    const candleSource = new PaperCandleSource(await readAccountSource(db, true), logger.child({ module: 'intake' }));
    const runner = new EngineRunner({
      db,
      engine: TradingEngine.create(engineConfig, state),
      logger: logger.child({ module: 'account' }),
      scope: PAPER_LEDGER,
      snapshotEveryMs: config.EQUITY_SNAPSHOT_EVERY,
    });
    closing.account = () => runner.idle();
    const clock = new MarketClock(() => runner.state);
    const account = new EngineAccount({ db, runner, clock, markets });

    // Valuation needs a price per symbol before the next candle: the engine's last, else the newest stored.
    const prices = new LastPrices();
    for (const c of state.lastCandles.values()) prices.set(c.symbol, c.close, c.closeTime, c.closeTime);
    await seedPricesFromCandles(db, prices, config.SYMBOLS, config.INTERVAL);

    const publisher = new AccountPublisher({
      bus,
      db,
      account,
      prices,
      symbols: config.SYMBOLS,
      intervalMs: config.ACCOUNT_INTERVAL,
      logger: logger.child({ module: 'publisher' }),
    });
    runner.onCommitted(({ outputs, candles, boundaries }) => {
      const now = Date.now();
      for (const c of candles) prices.set(c.symbol, c.close, c.closeTime, now);
      for (const point of boundaries) publisher.boundary(point);
      if (outputs.some((o) => o.type === 'balance' || o.type === 'trade' || o.type === 'account-reset')) {
        publisher.changed();
      } else if (candles.length > 0) {
        publisher.repriced();
      }
      if (outputs.some((o) => o.type === 'account-reset')) candleSource.reset();
    });

    const stream = new AnalysedCandleStream(bus, logger.child({ module: 'candles' }));
    // What the gateway's pacer waits on besides the analyzer: analysed candles this account is done with.
    const progress = new ProgressCounter(bus.redis, bus.key(KEY.traderProgress), logger);
    await bus.redis.incrby(bus.key(KEY.traderProgress), 0);
    const intake = new EntryIntake({
      runner,
      symbols: config.SYMBOLS,
      logger: logger.child({ module: 'intake' }),
      clockOf: (entry) => clock.entryTime(entry),
      ack: async (ids) => {
        await stream.ack(ids);
        progress.add(ids.length);
      },
      waitMs: config.MARKET_WAIT,
      accepts: (entry) => candleSource.accepts(entry.candle.source),
      record: candleSource,
      outbox: outboxReader(db, config.INTERVAL),
      checks: { maxJumpPct: config.CANDLE_MAX_JUMP },
    });
    const stopRelay = startOutboxRelay(intake, {
      everyMs: config.OUTBOX_RELAY_EVERY,
      keepMs: config.OUTBOX_KEEP,
      logger: logger.child({ module: 'outbox' }),
    });
    const handle = async (batch: Parameters<EntryIntake['handle']>[0]) => {
      const done = await intake.handle(batch);
      progress.add(done.length);
      return done;
    };

    const serving = await serve({
      account,
      publisher,
      controls: account,
      intake: {
        stream,
        handle,
        stopped: async () => {
          stopRelay();
          intake.stop();
          await progress.close();
        },
      },
      mountRoutes: (app) => mountRoutes(app, { db, account, symbols: config.SYMBOLS, mode: { kind: 'demo', prices } }),
      health: () => ({
        candleTime: account.candleTime === null ? null : new Date(account.candleTime).toISOString(),
        heldForOtherSymbols: intake.pending,
        entriesSkipped: intake.skipped,
        entriesFromOutbox: intake.fromOutbox,
        waitsAbandoned: intake.waitsAbandoned,
        accountPublishes: publisher.published,
        lastPrices: prices.describe(Date.now()),
        candleSource: candleSource.health(),
        ...intake.candles.health(),
      }),
      started: { label: 'paper account on the trading engine' },
    });
    return { ...serving, account, runner, intake, prices, stream, publisher };
  });
}

/** Seeds DEMO_BALANCES once; a database without the trader's tables gets one clear line instead of SQL. */
async function seedAccount(db: Db, config: TraderConfig, logger: Logger): Promise<void> {
  const seed = new Map([...config.DEMO_BALANCES].map(([asset, v]) => [asset, toPlain(v)]));
  let seeded: boolean;
  try {
    seeded = await db.transaction().execute((tx) => seedBalancesIfEmpty(tx, seed));
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') {
      throw new Error('the database has no demo_balances table: run `pnpm migrate` first');
    }
    throw err;
  }
  const rows = await db.selectFrom('demo_balances').select(['asset', 'free']).orderBy('asset').execute();
  const balances = rows.map((b) => `${b.asset}=${dec(b.free).toFixed()}`);
  logger.info({ balances }, seeded ? 'demo account seeded from DEMO_BALANCES' : 'demo account loaded');
}
