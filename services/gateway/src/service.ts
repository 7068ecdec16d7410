import type { Server } from 'node:http';
import { Bus, InvalidMessageError } from '@roottrading/bus';
import { KEY, topics, type Candle } from '@roottrading/contracts';
import { createDb, pingDb } from '@roottrading/db';
import { redactUrl, type Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth, mountSettings } from '@roottrading/service';
import { CandleRefusals } from './candle-refusals.js';
import { CandleStore } from './candle-store.js';
import type { GatewayConfig } from './config.js';
import { mountCandlesRoute } from './http/candles-route.js';
import { PipelineProgress } from './pipeline-progress.js';
import { Pacer, type PacerSpeed } from './pacer.js';
import { errorMessage, Sleeper } from './sleeper.js';
import { createSource } from './sources/create-source.js';
import type { CandleSource, Emit, FeedStateName, ReplayProgress } from './sources/source.js';

export interface GatewayStatus {
  source: string;
  symbols: string[];
  interval: string;
  speed: PacerSpeed;
  feed: {
    state: FeedStateName;
    /** Open time of the last candle published (ISO). */
    lastCandleAt: string | null;
    lastError?: string;
    nextRetryAt?: string;
    mode?: 'ws' | 'rest';
  };
  replay: ReplayProgress | null;
  /** Candles delivered to the analyzer that it has not reported handled. */
  analyzerLag: number;
  published: number;
  candlesStored: number;
  candlesBuffered: number;
  /** Candles from the source refused by the candle checks: never published nor stored. */
  candlesRefused: number;
}

export interface GatewayService {
  port: number;
  stop(): Promise<void>;
  status(): GatewayStatus;
}

/** Starts the feed: candles from the configured source → `market:data:{SYMBOL}` and the candles table. */
export async function startGateway(config: GatewayConfig, { logger }: { logger: Logger }): Promise<GatewayService> {
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, secret: config.BUS_SECRET, logger });
  const db = createDb(config.DATABASE_URL, { logger, max: 4 });
  const store = new CandleStore(db, logger.child({ module: 'candle-store' }), {
    batchSize: config.CANDLE_BATCH_SIZE,
    flushMs: config.CANDLE_FLUSH_MS,
  });
  const source: CandleSource = createSource(config, logger);
  const speed: PacerSpeed = config.MARKET_SOURCE === 'ccxt' ? 'live' : config.MARKET_SPEED;
  // The analyzer's progress, held back by the paper trader's when one reports.
  const progress = new PipelineProgress({ stallMs: config.PACER_STALL_MS, logger: logger.child({ module: 'pacer' }) });
  const pacer = new Pacer({
    speed,
    maxLag: config.MAX_LAG,
    stallMs: config.PACER_STALL_MS,
    readProgress: async () => {
      const [analyzer, trader] = await bus.redis.mget(bus.key(KEY.analyzerProgress), bus.key(KEY.traderProgress));
      return progress.combine(Number(analyzer) || 0, trader === null ? null : Number(trader) || 0);
    },
    logger: logger.child({ module: 'pacer' }),
  });
  const refusals = new CandleRefusals(config.INTERVAL, logger.child({ module: 'candles' }));
  const sleeper = new Sleeper();
  let stopping = false;
  let lastPublishError = 0;

  const publishOne = async (candle: Candle): Promise<void> => {
    const topic = topics.marketData(candle.symbol);
    for (;;) {
      if (stopping) return;
      try {
        if (!(await pacer.publish(candle.startTime, topic.channel, () => bus.publish(topic, candle)))) return;
        break;
      } catch (err) {
        if (err instanceof InvalidMessageError) {
          logger.error({ err: err.message }, 'invalid candle dropped');
          return;
        }
        if (stopping) return;
        // One line, then one every 10 s while it keeps failing.
        if (Date.now() - lastPublishError > 10_000) {
          logger.warn({ err: errorMessage(err) }, 'publishing failed; retrying');
          lastPublishError = Date.now();
        }
        await sleeper.sleep(1_000);
      }
    }
    store.add(candle);
  };

  // The candles of one open time go out together: their PUBLISHes leave in one write (the client
  // pipelines commands issued in one tick), while each keeps its own retry. Each symbol appears
  // once in a batch and the next batch waits for this one, so a symbol's candles stay in order.
  const emit: Emit = async (candles) => {
    await Promise.all(refusals.sound(candles).map(publishOne));
    await store.waitForRoom(() => stopping);
  };

  const status = (): GatewayStatus => {
    const feed = source.status();
    return {
      source: source.name,
      symbols: config.SYMBOLS,
      interval: config.INTERVAL,
      speed,
      feed: {
        state: feed.state,
        lastCandleAt: feed.lastCandleAt === null ? null : new Date(feed.lastCandleAt).toISOString(),
        ...(feed.lastError ? { lastError: feed.lastError } : {}),
        ...(feed.nextRetryAt ? { nextRetryAt: new Date(feed.nextRetryAt).toISOString() } : {}),
        ...(feed.mode ? { mode: feed.mode } : {}),
      },
      replay: source.progress ? source.progress() : null,
      analyzerLag: pacer.lagEstimate(),
      published: pacer.published,
      candlesStored: store.stored,
      candlesBuffered: store.buffered,
      candlesRefused: refusals.refused,
    };
  };

  const app = createApp(logger, config);
  mountSettings(app, { service: 'gateway', config });
  mountHealth(app, {
    service: 'gateway',
    redis: () => bus.ping(),
    postgres: () => pingDb(db),
    details: async () => {
      // A fresh lag when Redis answers; with Redis down a GET would queue, so /health would hang.
      if (bus.redis.status === 'ready') await within(500, pacer.lag()).catch(() => undefined);
      return { ...status() };
    },
  });
  // The gateway owns the candles table, so it serves it (the chart reads it through /api/gateway/candles).
  mountCandlesRoute(app, { db, symbols: config.SYMBOLS, interval: config.INTERVAL });
  finishApp(app, logger);

  /** Stop the source, flush the candle buffer, close HTTP, bus and db: in that order. */
  async function shutdown(server?: Server): Promise<void> {
    stopping = true;
    pacer.stop();
    sleeper.wake();
    // An emit blocked on an unreachable Redis must not hold the shutdown past its 10 s.
    await within(3_000, source.stop()).catch((err: unknown) =>
      logger.error({ err: errorMessage(err) }, 'stopping the source failed'),
    );
    await store.stop();
    if (server) await closeServer(server);
    await closeBus(bus);
    await db.destroy();
  }

  store.start();
  let server: Server;
  try {
    server = await listen(app, config.GATEWAY_PORT, config.HTTP_HOST);
  } catch (err) {
    await shutdown();
    throw err;
  }
  try {
    await source.start(emit);
  } catch (err) {
    await shutdown(server);
    throw err;
  }

  const port = boundPort(server);
  logger.info(
    {
      port,
      source: source.name,
      symbols: config.SYMBOLS,
      interval: config.INTERVAL,
      speed,
      ...(config.MARKET_SOURCE === 'replay' ? { replayDir: config.REPLAY_DIR } : {}),
      ...(config.MARKET_SOURCE === 'synthetic' ? { seed: config.SYNTHETIC_SEED } : {}),
      maxLag: config.MAX_LAG,
      redis: redactUrl(config.REDIS_URL),
      database: redactUrl(config.DATABASE_URL),
      namespace: config.BUS_NAMESPACE,
    },
    'gateway started',
  );

  let stopped: Promise<void> | undefined;
  return {
    port,
    status,
    stop: () => (stopped ??= shutdown(server)),
  };
}

/** Closes the bus, but never waits on a Redis that is not there (ioredis would queue QUIT forever). */
async function closeBus(bus: Bus): Promise<void> {
  await within(2_000, bus.close()).catch(() => undefined);
  bus.redis.disconnect();
}

/** Rejects if `promise` has not settled within `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
