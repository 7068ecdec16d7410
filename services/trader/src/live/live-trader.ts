import { SignalStream } from '@roottrading/bus';
import { dec, toPlain } from '@roottrading/accounting';
import { baseOf, intervalToMs } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { TraderConfig } from '../config.js';
import { OperatorControls } from '../controls/operator-controls.js';
import { pauseOfRow } from '../controls/pause-rows.js';
import { LastPrices } from '../prices/last-prices.js';
import { listActivePauses } from '../repositories/pauses.js';
import { riskLimitsOf } from '../risk/risk-limits.js';
import { startTraderBase } from '../startup/trader-base.js';
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
import { assertOneExchangeAccount, exchangeAccountKey } from './exchange-account.js';
import { LiveCandleSource } from './candle-source.js';
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
 * confirmation and the token). Order: exchange markets, then start-up reconciliation and the
 * catch-up of missed candles, and only then HTTP, the signal stream and the balance publisher —
 * nothing trades on a stale picture. The lifecycle both modes share is in startup/trader-base.ts.
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
    const account = new LiveAccount({
      db,
      executor: live.executor,
      markets,
      config,
      logger: logger.child({ module: 'live-account' }),
      risk: {
        limits: riskLimitsOf(config),
        equity: async (quote) => {
          const snapshot = await readLiveAccount(live.exchange, { symbols: config.SYMBOLS });
          return dec(snapshot.totals.totals.find((t) => t.currency === quote)?.total ?? '0');
        },
      },
    });
    // On stop, signals and the catch-up already queued finish before the exchange and the db close.
    closing.account = () => account.stop();
    await account.load();
    account.setPauses((await listActivePauses(db, false)).map(pauseOfRow));
    await reconcileAtStart(db, live, markets, config, logger);

    // Queued before the subscriptions: candles that arrive meanwhile are checked after it.
    const caughtUp = account.catchUpProtections(candleSource.expected);
    const prices = new LastPrices();
    await followCandles((candle) => {
      if (!candleSource.accepts(candle.source)) return;
      prices.set(candle.symbol, dec(candle.close), candle.closeTime, Date.now());
      account.onCandle(candle);
    });
    const missedExits = await caughtUp;
    if (missedExits > 0)
      logger.warn({ exits: missedExits }, 'protections crossed while the trader was down: sold at market');

    const publisher = new LiveBalancePublisher({
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
    account.onChange = () => publisher.changed();

    const signalStream = new SignalStream(bus, logger.child({ module: 'signals' }));
    const serving = await serve({
      account,
      publisher,
      intake: {
        stream: signalStream,
        handle: async (batch) => {
          await account.handleSignals(batch.map((b) => b.value));
        },
      },
      controls: new OperatorControls({ db, account, demo: false, logger: logger.child({ module: 'controls' }) }),
      mountRoutes: (app) =>
        mountLiveRoutes(app, {
          db,
          account,
          breaker: live.breaker,
          prices,
          publisher,
          symbols: config.SYMBOLS,
          priceMaxAgeMs: config.PRICE_MAX_AGE_INTERVALS * intervalToMs(config.INTERVAL),
          exchangePrice: async (symbol) => {
            const last = await live.exchange.read('tickers', (c) => c.fetchLastPrices([symbol]));
            const p = last.get(symbol);
            return p ? toPlain(p) : undefined;
          },
        }),
      health: () => ({
        ...live.health(),
        candles: candleSource.health(),
        lastPrices: prices.describe(Date.now()),
        balancePublishes: publisher.published,
        balanceError: publisher.lastError,
      }),
      started: { label: 'live: binance spot', fields: { testnet: config.EXCHANGE_TESTNET } },
    });

    // Resting limit orders and unknown outcomes are settled from the exchange every ACCOUNT_INTERVAL.
    const poller = setInterval(() => {
      account
        .settleOpenOrders()
        .catch((err: unknown) => logger.warn({ error: (err as Error).message }, 'settling open orders failed'));
    }, config.ACCOUNT_INTERVAL);
    closing.background = () => clearInterval(poller);
    return { ...serving, signalStream, account, live, publisher };
  });
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
  const syncKey = exchangeAccountKey(live.client.id, config.EXCHANGE_TESTNET);
  const since = (await readWatermark(db, syncKey)) ?? Date.now() - config.LIVE_RECONCILE_LOOKBACK;
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
  let watermark = result.watermark;
  const failedOrders = new Set<string>();
  for (const fill of result.fills) {
    const row = await findLiveOrder(db, fill.clientOrderId);
    if (!row) {
      // The row is committed before the order is sent, so this cannot happen: say so loudly.
      logger.error({ clientOrderId: fill.clientOrderId, tradeId: fill.tradeId }, 'a fill of ours has no order row');
      continue;
    }
    const tick = markets.get(row.symbol)?.tickSize;
    try {
      recorded += await db.transaction().execute(async (tx) => {
        const fresh = await recordFills(tx, row, fill.exchangeOrderId, [fill], stepOf);
        // An entry sent with protections opens protected, even when its fills are learned only now.
        if (fresh > 0 && tick) await protectFromOrder(tx, row, tick);
        return fresh;
      });
    } catch (err) {
      // One fill that cannot be applied (it sells more than the position holds) must not keep the
      // trader from starting: reported, left unrecorded, and read again at the next start.
      const message = (err as Error).message;
      logger.error(
        { clientOrderId: fill.clientOrderId, tradeId: fill.tradeId, error: message },
        'a fill could not be recorded',
      );
      result.problems.push(`fill ${fill.tradeId} of ${fill.clientOrderId} could not be recorded: ${message}`);
      failedOrders.add(fill.clientOrderId);
      watermark = Math.min(watermark, fill.timestamp);
    }
  }
  for (const o of result.orders) {
    if (failedOrders.has(o.clientOrderId)) continue;
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
  await writeWatermark(db, syncKey, watermark);
  live.noteReconciliation(result);
  const summary = { ...describeReconciliation(result), fillsRecorded: recorded };
  const worrying = result.foreignOrders.length + result.untrackedBalances.length + result.problems.length > 0;
  logger[worrying ? 'warn' : 'info'](summary, 'start-up reconciliation');
}
