import { pingDb, createDb } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth, mountSettings } from '@roottrading/service';
import type { BacktestServiceConfig } from './config.js';
import { connect, createQueue, startWorker } from './jobs/queue.js';
import { mountBacktestRoutes } from './routes.js';
import { ownEnv } from './run-settings.js';
import { mountSweepRoutes } from './sweeps.js';

export interface BacktestService {
  port: number;
  stop(): Promise<void>;
}

/**
 * The backtest service: the API over stored runs (`/backtests`) and, unless BACKTEST_CONCURRENCY is
 * 0, a worker taking runs from the queue. Several of them may share one Redis and PostgreSQL.
 */
export async function startBacktestService(
  config: BacktestServiceConfig,
  { logger, env = process.env }: { logger: Logger; env?: Record<string, string | undefined> },
): Promise<BacktestService> {
  env = ownEnv(config, env);
  const db = createDb(config.DATABASE_URL, { logger });
  const queueConnection = connect(config.REDIS_URL);
  const workerConnection = config.BACKTEST_CONCURRENCY > 0 ? connect(config.REDIS_URL) : null;
  for (const c of [queueConnection, workerConnection])
    c?.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  const queue = createQueue(queueConnection, config.BUS_NAMESPACE);
  const worker = workerConnection
    ? startWorker(
        workerConnection,
        config.BUS_NAMESPACE,
        { concurrency: config.BACKTEST_CONCURRENCY, lockMs: config.BACKTEST_LOCK_MS },
        {
          db,
          logger,
          env,
          name: config.BACKTEST_WORKER_NAME,
        },
      )
    : null;

  const app = createApp(logger, config);
  mountSettings(app, { service: 'backtest', config });
  mountHealth(app, {
    service: 'backtest',
    redis: async () => (await queueConnection.ping()) === 'PONG',
    postgres: () => pingDb(db),
    details: async () => ({
      worker: config.BACKTEST_WORKER_NAME,
      concurrency: config.BACKTEST_CONCURRENCY,
      queue: await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed'),
    }),
  });
  mountBacktestRoutes(app, { db, queue, env });
  mountSweepRoutes(app, { db });
  finishApp(app, logger);
  const server = await listen(app, config.BACKTEST_PORT, config.HTTP_HOST);
  const port = boundPort(server);
  logger.info({ port, concurrency: config.BACKTEST_CONCURRENCY }, 'backtest listening');

  return {
    port,
    stop: async () => {
      await closeServer(server);
      // A run in progress is left to the queue: it stalls and another worker (or this one, restarted) runs it again.
      await worker?.close(true);
      await queue.close();
      queueConnection.disconnect();
      workerConnection?.disconnect();
      await db.destroy();
    },
  };
}
