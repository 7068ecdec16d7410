import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { failRun, getRun, saveProgress, setTotal, startRun } from '../repositories/runs.js';
import type { JobInput } from './messages.js';
import { runInThread } from './run-in-thread.js';
import { runEnv } from '../run-settings.js';

export const QUEUE = 'backtests';
/** Progress goes to the run's row at most this often. */
const PROGRESS_EVERY_MS = 1_000;

interface JobData {
  runId: string;
}

/** BullMQ's keys live under the bus namespace, so test runs and stacks sharing a Redis never meet. */
const prefixOf = (namespace: string) => `${namespace}bull`;

export function connect(url: string): Redis {
  // BullMQ's blocking commands need no per-request retry limit.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export function createQueue(connection: Redis, namespace: string): Queue<JobData> {
  return new Queue<JobData>(QUEUE, { connection, prefix: prefixOf(namespace) });
}

/** Queues a stored run; the job id is the run id, so it is queued once however often this is retried. */
export async function enqueue(queue: Queue<JobData>, runId: string): Promise<void> {
  await queue.add('run', { runId }, { jobId: runId, removeOnComplete: 1_000, removeOnFail: 1_000 });
}

/** Queues many stored runs in one round trip (a sweep's). */
export async function enqueueMany(queue: Queue<JobData>, runIds: readonly string[]): Promise<void> {
  await queue.addBulk(
    runIds.map((runId) => ({
      name: 'run',
      data: { runId },
      opts: { jobId: runId, removeOnComplete: 1_000, removeOnFail: 1_000 },
    })),
  );
}

export interface WorkerDeps {
  db: Db;
  logger: Logger;
  env: Record<string, string | undefined>;
  name: string;
}

/**
 * Takes runs from the queue, `concurrency` at once, each in its own thread. Any number of these, on
 * any number of machines on the same Redis and PostgreSQL, share the queue: that is how the work
 * scales out. A worker that dies mid-run leaves the job stalled; BullMQ gives it to another, which
 * runs it again from the start (its rows are replaced, never doubled).
 */
export function startWorker(
  connection: Redis,
  namespace: string,
  opts: { concurrency: number; lockMs: number },
  deps: WorkerDeps,
): Worker<JobData> {
  const worker = new Worker<JobData>(QUEUE, (job) => runJob(job, deps), {
    connection,
    prefix: prefixOf(namespace),
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(500, Math.floor(opts.lockMs / 2)),
    // A run taken back from dead workers twice is failed rather than tried forever.
    maxStalledCount: 2,
  });
  worker.on('error', (err) => deps.logger.warn({ err: err.message }, 'backtest queue error'));
  // Only what runJob does not catch lands here: a run lost to dead workers too often, the database gone.
  worker.on('failed', (job, err) => {
    if (!job) return;
    deps.logger.warn({ runId: job.data.runId, err: err.message }, 'backtest job failed');
    void failRun(deps.db, job.data.runId, err.message).catch(() => undefined);
  });
  return worker;
}

async function runJob(job: Job<JobData>, { db, logger, env, name }: WorkerDeps): Promise<void> {
  const { runId } = job.data;
  const row = await getRun(db, runId);
  if (!row) {
    logger.warn({ runId }, 'backtest job for a run that does not exist: dropped');
    return;
  }
  const request = row.request as JobInput['request'];
  await startRun(db, runId, name, null);
  logger.info({ runId, source: request.source }, 'backtest started');
  let total: number | null = null;
  let savedAt = 0;
  const outcome = await runInThread({ runId, request, env: runEnv(env, request.settings) }, (m) => {
    if (m.type === 'start') {
      total = m.total;
      void setTotal(db, runId, total).catch(() => undefined);
    } else if (m.type === 'progress') {
      void job.updateProgress({ done: m.done, total }).catch(() => undefined);
      if (Date.now() - savedAt >= PROGRESS_EVERY_MS) {
        savedAt = Date.now();
        void saveProgress(db, runId, m.done).catch(() => undefined);
      }
    }
  });
  if (outcome.type === 'done') {
    logger.info({ runId, candles: outcome.candles, trades: outcome.trades }, 'backtest done');
  } else if (outcome.type === 'failed') {
    logger.warn({ runId, error: outcome.error }, 'backtest failed');
    await failRun(db, runId, outcome.error);
  }
}
