import type { Server } from 'node:http';
import { Bus, SignalStream } from '@roottrading/bus';
import { dec, toPlain } from '@roottrading/accounting';
import { baseOf, intervalToMs, KEY, topics } from '@roottrading/contracts';
import { createDb, pingDb, type Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth } from '@roottrading/service';
import type { TraderConfig } from '../config.js';
import { OperatorControls } from '../controls/operator-controls.js';
import { pauseOfRow } from '../controls/pauses.js';
import { mountControlsRoutes } from '../http/controls-routes.js';
import { installOperatorAuth } from '../http/operator-auth.js';
import { LastPrices } from '../prices/last-prices.js';
import { listActivePauses } from '../repositories/pauses.js';
import { readLiveAccount } from './balance-sync.js';
import { LiveAccount } from './live-account.js';
import { LiveBalancePublisher } from './live-balance-publisher.js';
import {
  findLiveOrder,
  isFillRecorded,
  listLivePositions,
  listUnsettledLiveOrders,
  protectFromOrder,
  readWatermark,
  recordFills,
  settleOrderState,
  writeWatermark,
} from './live-order-store.js';
import { mountLiveRoutes } from './live-routes.js';
import { createLiveStack, type LiveStack } from './live-stack.js';
import { describeReconciliation, reconcile } from './reconciliation.js';
import type { Markets } from './types.js';

export interface LiveTrader {
  port: number;
  account: LiveAccount;
  live: LiveStack;
  publisher: LiveBalancePublisher;
  signalStream: SignalStream;
  stop(): Promise<void>;
}

/**
 * The trader in live mode (TRADING_MODE=live; loadTraderConfig already checked the keys, the
 * confirmation and the token). Order: exchange markets, then start-up reconciliation, and only
 * then HTTP, the signal stream and the balance publisher — nothing trades on a stale picture.
 */
export async function startLiveTrader(config: TraderConfig, opts: { logger: Logger }): Promise<LiveTrader> {
  const { logger } = opts;
  const live = createLiveStack(config, { logger: logger.child({ module: 'live' }) });
  const db = createDb(config.DATABASE_URL, { logger });
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, logger });
  const signalStream = new SignalStream(bus, logger.child({ module: 'signals' }));
  let server: Server | undefined;
  let streamStarted = false;
  let publisher: LiveBalancePublisher | undefined;
  let poller: NodeJS.Timeout | undefined;
  const cleanup = async () => {
    clearInterval(poller);
    if (streamStarted) await signalStream.stop();
    if (server) await closeServer(server);
    await publisher?.stop();
    await live.close();
    await bus.close();
    await db.destroy();
  };

  try {
    // In live mode the exchange's rules replace markets.json.
    const markets = await live.executor.markets();
    for (const symbol of config.SYMBOLS) {
      if (!markets.has(symbol)) throw new Error(`${live.client.id} has no spot market ${symbol}`);
    }
    const account = new LiveAccount({
      db,
      executor: live.executor,
      markets,
      config,
      logger: logger.child({ module: 'live-account' }),
      risk: {
        limits: {
          maxExposurePct: config.RISK_MAX_EXPOSURE_PCT,
          maxOpenPositions: config.RISK_MAX_OPEN_POSITIONS,
          sizing: {
            mode: config.POSITION_SIZING,
            fixedQuantity: config.TRADE_QUANTITY,
            equityPct: config.POSITION_EQUITY_PCT,
            riskPerTradePct: config.RISK_PER_TRADE_PCT,
          },
        },
        equity: async (quote) => {
          const snapshot = await readLiveAccount(live.exchange, { symbols: config.SYMBOLS });
          return dec(snapshot.totals.totals.find((t) => t.currency === quote)?.total ?? '0');
        },
      },
    });
    await account.load();
    account.setPauses((await listActivePauses(db, false)).map(pauseOfRow));
    await reconcileAtStart(db, live, markets, config, logger);

    // Queued before the subscriptions: candles that arrive meanwhile are checked after it.
    const caughtUp = account.catchUpProtections();
    const prices = new LastPrices();
    for (const symbol of config.SYMBOLS) {
      await bus.subscribe(topics.marketData(symbol), (candle) => {
        if (candle.symbol !== symbol) return;
        prices.set(symbol, dec(candle.close), candle.closeTime, Date.now());
        account.onCandle(candle);
      });
    }
    const missedExits = await caughtUp;
    if (missedExits > 0)
      logger.warn({ exits: missedExits }, 'protections crossed while the trader was down: sold at market');
    const livePublisher = new LiveBalancePublisher({
      exchange: live.exchange,
      bus,
      symbols: config.SYMBOLS,
      intervalMs: config.ACCOUNT_INTERVAL,
      positions: () => account.positions(),
      logger: logger.child({ module: 'publisher' }),
      onSnapshot: async (snapshot) => {
        await account.observeBalances(snapshot);
        await db
          .insertInto('balance_snapshots')
          .values({
            demo: false,
            taken_at: new Date(snapshot.balances.timestamp),
            balances: JSON.stringify(snapshot.balances),
            totals: JSON.stringify(snapshot.totals),
            candle_time: null,
          })
          .execute();
      },
    });
    publisher = livePublisher;
    account.onChange = () => livePublisher.changed();
    const controls = new OperatorControls({ db, account, demo: false, logger: logger.child({ module: 'controls' }) });

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
        ...account.stats,
        queued: account.queue.size,
        killSwitch: account.controls().killSwitch,
        pauses: account.controls().pauses,
        streamLag: await signalStream.lag(),
        ...live.health(),
        balancePublishes: livePublisher.published,
        balanceError: livePublisher.lastError,
      }),
    });
    mountLiveRoutes(app, {
      db,
      account,
      breaker: live.breaker,
      prices,
      publisher: livePublisher,
      symbols: config.SYMBOLS,
      priceMaxAgeMs: config.PRICE_MAX_AGE_INTERVALS * intervalToMs(config.INTERVAL),
      exchangePrice: async (symbol) => {
        const last = await live.exchange.read('tickers', (c) => c.fetchLastPrices([symbol]));
        const p = last.get(symbol);
        return p ? toPlain(p) : undefined;
      },
    });
    mountControlsRoutes(app, { account, controls, symbols: config.SYMBOLS });
    finishApp(app, logger);
    server = await listen(app, config.TRADER_PORT, config.HTTP_HOST);

    signalStream.start({
      consumer: config.TRADER_CONSUMER,
      claimIdleMs: config.SIGNAL_CLAIM_IDLE_MS,
      batchHandler: async (batch) => {
        await account.handleSignals(batch.map((b) => b.signal));
      },
    });
    streamStarted = true;
    livePublisher.start();
    // Resting limit orders and unknown outcomes are settled from the exchange every ACCOUNT_INTERVAL.
    poller = setInterval(() => {
      account
        .settleOpenOrders()
        .catch((err: unknown) => logger.warn({ error: (err as Error).message }, 'settling open orders failed'));
    }, config.ACCOUNT_INTERVAL);

    const port = boundPort(server);
    logger.info(
      { port, host: config.HTTP_HOST, mode: 'live', symbols: config.SYMBOLS, testnet: config.EXCHANGE_TESTNET },
      'trader started (live: binance spot)',
    );
    const liveServer = server;
    let stopping: Promise<void> | undefined;
    return {
      port,
      account,
      live,
      publisher: livePublisher,
      signalStream,
      stop: () =>
        (stopping ??= (async () => {
          clearInterval(poller);
          await Promise.all([signalStream.stop(), closeServer(liveServer)]);
          await account.queue.idle();
          await livePublisher.stop();
          await live.close();
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

/**
 * What happened on the exchange while the trader was down: fills of our orders recorded once (a
 * transaction each, the unique trade id refuses a second copy), pending orders settled, the
 * watermark moved. Foreign orders and balances are reported (log, /health), never adopted.
 */
async function reconcileAtStart(
  db: Db,
  live: LiveStack,
  markets: Markets,
  config: TraderConfig,
  logger: Logger,
): Promise<void> {
  const since = (await readWatermark(db, live.client.id)) ?? Date.now() - config.LIVE_RECONCILE_LOOKBACK;
  const unsettled = await listUnsettledLiveOrders(db);
  const tracked = new Map<string, ReturnType<typeof dec>>();
  for (const p of await listLivePositions(db)) {
    const base = baseOf(p.symbol);
    tracked.set(base, (tracked.get(base) ?? dec(0)).plus(p.quantity));
  }
  const result = await reconcile(live.exchange, {
    symbols: config.SYMBOLS,
    since,
    pending: unsettled.map((o) => ({ symbol: o.symbol, clientOrderId: o.client_order_id })),
    knownOrders: new Map(
      unsettled.flatMap((o) => (o.exchange_order_id ? [[o.exchange_order_id, o.client_order_id] as const] : [])),
    ),
    isRecorded: (symbol, tradeId) => isFillRecorded(db, symbol, tradeId),
    tracked,
  });
  const stepOf = (s: string) => markets.get(s)?.stepSize;
  let recorded = 0;
  for (const fill of result.fills) {
    const row = await findLiveOrder(db, fill.clientOrderId);
    if (!row) {
      // The row is committed before the order is sent, so this cannot happen: say so loudly.
      logger.error({ clientOrderId: fill.clientOrderId, tradeId: fill.tradeId }, 'a fill of ours has no order row');
      continue;
    }
    const tick = markets.get(row.symbol)?.tickSize;
    recorded += await db.transaction().execute(async (tx) => {
      const fresh = await recordFills(tx, row, fill.exchangeOrderId, [fill], stepOf);
      // An entry sent with protections opens protected, even when its fills are learned only now.
      if (fresh > 0 && tick) await protectFromOrder(tx, row, tick);
      return fresh;
    });
  }
  for (const o of result.orders) {
    const row = await findLiveOrder(db, o.clientOrderId);
    if (!row) continue;
    await db.transaction().execute((tx) =>
      settleOrderState(tx, row, {
        status: o.status,
        exchangeOrderId: o.exchangeOrderId,
        filledQuantity: o.filledQuantity,
      }),
    );
  }
  await writeWatermark(db, live.client.id, result.watermark);
  live.noteReconciliation(result);
  const summary = { ...describeReconciliation(result), fillsRecorded: recorded };
  const worrying = result.foreignOrders.length + result.untrackedBalances.length + result.problems.length > 0;
  logger[worrying ? 'warn' : 'info'](summary, 'start-up reconciliation');
}
