import { outboxReader } from '../repositories/outbox.js';
import { startOutboxRelay } from '../runner/outbox-relay.js';
import { AnalysedCandleStream } from '@roottrading/bus';
import type { Decimal } from '@roottrading/accounting';
import type { Db } from '@roottrading/db';
import { TradingEngine, type BalancesEvent } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import type { TraderConfig } from '../config.js';
import { mountRoutes } from '../http/routes.js';
import { loadEngineState } from '../ledger/load-state.js';
import { orderIds, type LedgerScope } from '../ledger/order-ids.js';
import { databaseTag } from '../repositories/exchange-sync.js';
import { insertBalanceSnapshot } from '../repositories/snapshots.js';
import { EngineAccount } from '../runner/engine-account.js';
import { engineConfigOf, loadBudgets } from '@roottrading/trading-settings';
import { EngineRunner } from '../runner/engine-runner.js';
import { EntryIntake } from '../runner/entry-intake.js';
import { AnalyzerWatch } from '../runner/analyzer-watch.js';
import { ExchangeDriver } from '../runner/exchange-driver.js';
import { MarketClock } from '../runner/market-clock.js';
import { startTraderBase } from '../startup/trader-base.js';
import type { HeldPosition, LiveAccountSnapshot } from './balance-sync.js';
import { LiveCandleSource } from './candle-source.js';
import { exchangeConfirmation } from './jump-confirmation.js';
import { assertOneExchangeAccount, exchangeAccountKey } from './exchange-account.js';
import { LiveBalancePublisher } from './live-balance-publisher.js';
import { mountLiveRoutes, tradingPaused } from './live-routes.js';
import { createLiveStack, type LiveStack } from './live-stack.js';
import { reconcileAtStart } from './start-reconciliation.js';

export interface LiveTrader {
  port: number;
  account: EngineAccount;
  runner: EngineRunner;
  driver: ExchangeDriver;
  live: LiveStack;
  publisher: LiveBalancePublisher;
  stream: AnalysedCandleStream;
  stop(): Promise<void>;
}

/**
 * The trader in live mode (TRADING_MODE=live; loadTraderConfig already checked the keys, the
 * confirmation and the token): the same engine and runner as the paper account, its orders sent to
 * the exchange by the ExchangeDriver and its balances read from the exchange. Order: exchange
 * markets, the ledger, the exchange's balances, start-up reconciliation, and only then HTTP and the
 * analysed candles — nothing trades on a stale picture.
 */
export async function startLiveTrader(config: TraderConfig, opts: { logger: Logger }): Promise<LiveTrader> {
  const { logger } = opts;
  return startTraderBase(config, logger, async ({ db, bus, closing, followCandles, serve }) => {
    const live = createLiveStack(config, { logger: logger.child({ module: 'live' }) });
    closing.exchange = () => live.close();

    await assertOneExchangeAccount(db, live.client.id, config.EXCHANGE_TESTNET);
    const candleSource = new LiveCandleSource(live.client.id, logger.child({ module: 'candles' }));
    // In live mode the exchange's rules replace markets.json.
    const markets = await live.executor.markets();
    for (const symbol of config.SYMBOLS) {
      if (!markets.has(symbol)) throw new Error(`${live.client.id} has no spot market ${symbol}`);
    }
    const engineConfig = engineConfigOf(config, markets, 'exchange', loadBudgets(config.STRATEGIES_FILE));
    const scope: LedgerScope = { demo: false, ids: orderIds(await databaseTag(db)) };
    const runner = new EngineRunner({
      db,
      engine: TradingEngine.create(engineConfig, await loadEngineState(db, engineConfig, scope)),
      logger: logger.child({ module: 'account' }),
      scope,
    });
    const driver = new ExchangeDriver({
      runner,
      executor: live.executor,
      logger: logger.child({ module: 'exchange' }),
      now: Date.now,
    });
    // Sends queued by the last batches finish, and their answers are committed, before the exchange closes.
    closing.account = async () => {
      await runner.idle();
      await driver.idle();
      await runner.idle();
    };
    const clock = new MarketClock(() => runner.state, Date.now, true);
    const account = new EngineAccount({
      db,
      runner,
      clock,
      markets,
      settled: (id) => driver.settled(id),
      quote: (symbol) => exchangeQuote(live, runner, engineConfig.priceMaxAgeMs, symbol, logger),
    });

    const publisher = balancePublisher(config, { db, live, bus, runner, logger });
    await publisher.readNow();
    await reconcileAtStart({
      runner,
      db,
      live,
      symbols: config.SYMBOLS,
      syncKey: exchangeAccountKey(live.client.id, config.EXCHANGE_TESTNET),
      lookbackMs: config.LIVE_RECONCILE_LOOKBACK,
      logger,
      now: Date.now,
    });
    runner.onCommitted(({ outputs }) => {
      if (outputs.some((o) => o.type === 'trade')) publisher.changed();
    });

    const stream = new AnalysedCandleStream(bus, logger.child({ module: 'candles' }));
    const intake = new EntryIntake({
      runner,
      symbols: config.SYMBOLS,
      logger: logger.child({ module: 'intake' }),
      clockOf: (entry) => clock.entryTime(entry),
      ack: (ids) => stream.ack(ids),
      waitMs: config.MARKET_WAIT,
      analyzerWaitMs: config.ANALYZER_WAIT,
      // Only the exchange's own prices may move live stops, equity and the kill switch.
      accepts: (entry) => candleSource.accepts(entry.candle.source ?? ''),
      outbox: outboxReader(db, config.INTERVAL),
      checks: {
        maxJumpPct: config.CANDLE_MAX_JUMP,
        confirm: exchangeConfirmation(live.exchange, config.CANDLE_MAX_JUMP, logger.child({ module: 'candles' })),
      },
    });

    const stopRelay = startOutboxRelay(intake, {
      everyMs: config.OUTBOX_RELAY_EVERY,
      keepMs: config.OUTBOX_KEEP,
      logger: logger.child({ module: 'outbox' }),
    });

    // A stalled analyzer must not hold stops back: after ANALYZER_WAIT a candle's exits run from our own feed.
    const watch = new AnalyzerWatch({
      intake,
      symbols: config.SYMBOLS,
      waitMs: config.ANALYZER_WAIT,
      accepts: (source) => source === candleSource.expected,
      logger: logger.child({ module: 'analyzer-watch' }),
    });
    await followCandles((candle) => watch.onCandle(candle));

    const serving = await serve({
      account,
      publisher,
      controls: account,
      intake: {
        stream,
        handle: (batch) => intake.handle(batch),
        stopped: () => {
          stopRelay();
          intake.stop();
        },
      },
      mountRoutes: (app) => {
        mountLiveRoutes(app, { breaker: live.breaker, publisher, runner });
        const paused = () => tradingPaused(live.breaker);
        mountRoutes(app, { db, account, symbols: config.SYMBOLS, mode: { kind: 'live', tradingPaused: paused } });
      },
      health: () => ({
        ...live.health(),
        exchangeOrders: { ...driver.stats, queued: driver.queued },
        candles: candleSource.health(),
        ...watch.health(),
        lateSignals: intake.lateSignals,
        ...intake.candles.health(),
        heldForOtherSymbols: intake.pending,
        entriesSkipped: intake.skipped,
        waitsAbandoned: intake.waitsAbandoned,
        balancePublishes: publisher.published,
        balanceError: publisher.lastError,
      }),
      started: { label: 'live: binance spot on the trading engine', fields: { testnet: config.EXCHANGE_TESTNET } },
    });

    // Resting limit orders and unknown outcomes are settled from the exchange every ACCOUNT_INTERVAL.
    const poller = setInterval(() => {
      driver.poll().catch((err: unknown) => logger.warn({ error: (err as Error).message }, 'polling orders failed'));
    }, config.ACCOUNT_INTERVAL);
    closing.background = () => {
      clearInterval(poller);
      watch.stop();
    };
    return { ...serving, account, runner, driver, live, publisher, stream };
  });
}

/**
 * The exchange's balances, read every ACCOUNT_INTERVAL and soon after fills: published on the bus,
 * stepped into the engine (its equity, sizing and kill switch are the exchange's) and kept as a
 * snapshot for the equity curve.
 */
function balancePublisher(
  config: TraderConfig,
  deps: {
    db: Db;
    live: LiveStack;
    bus: ConstructorParameters<typeof LiveBalancePublisher>[0]['bus'];
    runner: EngineRunner;
    logger: Logger;
  },
): LiveBalancePublisher {
  const { runner } = deps;
  return new LiveBalancePublisher({
    exchange: deps.live.exchange,
    bus: deps.bus,
    symbols: config.SYMBOLS,
    intervalMs: config.ACCOUNT_INTERVAL,
    positions: async () => heldPositions(runner),
    logger: deps.logger.child({ module: 'publisher' }),
    onSnapshot: async (snapshot) => {
      await runner.run([balancesEventOf(snapshot)]);
      await insertBalanceSnapshot(deps.db, {
        demo: false,
        takenAt: new Date(snapshot.balances.timestamp),
        candleTime: null,
        balances: snapshot.balances.balances,
        totals: snapshot.totals.totals,
      });
    },
  });
}

/**
 * The exchange's last price of `symbol`, read only when the last candle is not fresh (a trader just
 * started, or a feed that lags): a manual market order is priced on it. A failed read is no price.
 */
async function exchangeQuote(
  live: LiveStack,
  runner: EngineRunner,
  maxAgeMs: number,
  symbol: string,
  logger: Logger,
): Promise<{ price: Decimal; at: number } | undefined> {
  const last = runner.state.lastCandles.get(symbol);
  const now = Date.now();
  if (last && now - last.closeTime <= maxAgeMs) return undefined;
  try {
    const price = (await live.exchange.read('tickers', (c) => c.fetchLastPrices([symbol]))).get(symbol);
    return price ? { price, at: now } : undefined;
  } catch (err) {
    logger.warn({ symbol, error: (err as Error).message }, 'the exchange price could not be read');
    return undefined;
  }
}

function heldPositions(runner: EngineRunner): HeldPosition[] {
  return [...runner.state.positions.values()].map((p) => ({
    symbol: p.symbol,
    quantity: p.life.holding.quantity,
    cost: p.life.holding.cost,
  }));
}

function balancesEventOf(snapshot: LiveAccountSnapshot): BalancesEvent {
  return {
    type: 'balances',
    at: snapshot.balances.timestamp,
    asOf: snapshot.asOf,
    balances: new Map(snapshot.raw.map((b) => [b.asset, { free: b.free, locked: b.locked }])),
  };
}
