import { signalProgress } from '../repositories/signal-progress.js';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { Bus, type DurableStream } from '@roottrading/bus';
import { KEY, topics, type AnalysedCandle, type Candle } from '@roottrading/contracts';
import { createDb, pingDb, type Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth, mountSettings } from '@roottrading/service';
import type { TraderConfig } from '../config.js';
import { mountControlsRoutes, type ControlledAccount, type PauseControls } from '../http/controls-routes.js';
import { mountAuditRoutes } from '../http/audit-routes.js';
import { installOperatorAuth } from '../http/operator-auth.js';
import { StoredSignalCheck } from '../runner/signal-check.js';

/** What the shared start-up needs of an account, the paper one or the live one. */
export interface TradingAccount extends ControlledAccount {
  readonly queue: { readonly size: number };
  /** Counters, spread into /health as they are. */
  readonly stats: object;
}

/**
 * What the account is fed from: the analysed-candle stream and how a batch of it is handled (only
 * entries whose signals are stored as they carry them reach it). Resolving means the batch is
 * recorded; it resolves with the entry ids to acknowledge when it holds some back.
 */
export interface Intake {
  stream: DurableStream<AnalysedCandle>;
  handle: (batch: { value: AnalysedCandle; entryId: string }[]) => Promise<void | readonly string[]>;
  /** Called once the stream has stopped (e.g. stop waiting for held entries, send the last progress). */
  stopped?: () => void | Promise<void>;
}

/**
 * What stop() closes after the signal stream and HTTP, in this order. Each mode sets an entry as
 * soon as start-up has opened the thing, so a failure half-way closes exactly what is open.
 */
export interface Closers {
  /** Background work that queues account work (live: the open-order poller); stopped before anything else. */
  background?: () => void;
  /** Lets the account finish its queue before the publisher sends the final state. */
  account?: () => Promise<void>;
  publisher?: () => Promise<void>;
  /** Live: the exchange client, still needed by the publisher's last balance read. */
  exchange?: () => Promise<void>;
}

export interface ServeOptions {
  account: TradingAccount;
  controls: PauseControls;
  intake: Intake;
  /** Built but not started: it starts once signals flow. */
  publisher: { start(): void; stop(): Promise<void> };
  /** The mode's own routes, between /health and the controls routes. */
  mountRoutes: (app: Express) => void;
  /** The mode's own /health details, after the fields both modes share. */
  health: () => Record<string, unknown>;
  /** For the "trader started" line: the mode in words, and what it adds to the common fields. */
  started: { label: string; fields?: Record<string, unknown> };
}

export interface Serving {
  /** The port HTTP is bound to (the real one when TRADER_PORT is 0). */
  port: number;
  /** Idempotent: a second call returns the same promise. */
  stop(): Promise<void>;
}

export interface TraderBase {
  db: Db;
  bus: Bus;
  closing: Closers;
  /** Subscribes each symbol's market-data channel; resolves once all are subscribed. */
  followCandles(onCandle: (candle: Candle) => void): Promise<void>;
  /** The last step of start-up: HTTP, then the account's stream, then the publisher. */
  serve(opts: ServeOptions): Promise<Serving>;
}

/**
 * The start-up both modes share. Opens the database, the bus and the signal stream, then runs the
 * mode's own start-up (`build`), which ends with `serve`. If `build` fails, whatever was opened is
 * closed in the stop order and the error rethrown.
 */
export async function startTraderBase<T>(
  config: TraderConfig,
  logger: Logger,
  build: (base: TraderBase) => Promise<T>,
): Promise<T> {
  const db = createDb(config.DATABASE_URL, { logger });
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, secret: config.BUS_SECRET, logger });
  let intake: Intake | undefined;
  const signals = new StoredSignalCheck(db, logger.child({ module: 'signal-check' }));
  const closing: Closers = {};
  let server: Server | undefined;
  let streamStarted = false;

  const closeAll = async () => {
    closing.background?.();
    // No new signal and no new request first; what is already queued then finishes below.
    await Promise.all([streamStarted ? intake?.stream.stop() : undefined, server ? closeServer(server) : undefined]);
    await intake?.stopped?.();
    await closing.account?.();
    await closing.publisher?.();
    await closing.exchange?.();
    await bus.close();
    await db.destroy();
  };

  const followCandles = async (onCandle: (candle: Candle) => void) => {
    for (const symbol of config.SYMBOLS) {
      await bus.subscribe(topics.marketData(symbol), (candle) => {
        if (candle.symbol === symbol) onCandle(candle);
      });
    }
  };

  const serve = async ({
    account,
    controls,
    intake: feed,
    publisher,
    mountRoutes,
    health,
    started,
  }: ServeOptions): Promise<Serving> => {
    intake = feed;
    closing.publisher = () => publisher.stop();
    const app = createApp(logger, config);
    mountSettings(app, { service: 'trader', config });
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
        streamLag: await feed.stream.lag(),
        // Candles and entries dropped for want of a valid BUS_SECRET signature.
        signatureRejects: bus.signatureRejects,
        // Bus messages and stream entries that were not JSON or not of their schema: dropped.
        invalidMessages: bus.invalidCount,
        entriesInvalid: feed.stream.invalid,
        signalsForged: signals.forged,
        signals: await signalProgress(db, {
          demo: config.TRADING_MODE === 'demo',
          symbols: config.SYMBOLS,
          interval: config.INTERVAL,
        }).catch(() => null),
        ...health(),
      }),
    });
    mountRoutes(app);
    const demo = config.TRADING_MODE === 'demo';
    mountControlsRoutes(app, { db, demo, account, controls, symbols: config.SYMBOLS });
    mountAuditRoutes(app, { db, mode: config.TRADING_MODE });
    finishApp(app, logger);
    server = await listen(app, config.TRADER_PORT, config.HTTP_HOST);

    feed.stream.start({
      consumer: config.TRADER_CONSUMER,
      claimIdleMs: config.SIGNAL_CLAIM_IDLE_MS,
      // Resolving means every entry of the read is recorded (paper: in one transaction; live: each
      // order's outcome), and only then does the stream acknowledge them; refused entries with them.
      batchHandler: async (batch) => {
        const { trusted, refused } = await signals.sift(batch);
        if (trusted.length === 0) return refused;
        const handled = await feed.handle(trusted);
        return [...(handled ?? trusted.map((e) => e.entryId)), ...refused];
      },
      // Up to MAX_LAG (the gateway's default bound on what is outstanding) in one commit: the per-batch
      // statements, not the entries, were the trader's cost at 100.
      batch: 500,
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
        ...started.fields,
      },
      `trader started (${started.label})`,
    );
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= closeAll().then(() => {
        logger.info('trader stopped');
      }));
    return { port, stop };
  };

  try {
    return await build({ db, bus, closing, followCandles, serve });
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}
