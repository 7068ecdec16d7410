import type { Worker } from 'node:worker_threads';
import type { BacktestJob } from '../execute.js';
import type { BacktestReport } from '../report.js';
import { tsWorker } from '../threads/ts-worker.js';

/** What a sweep's thread is given: a combination's environment and the run (no callbacks, no database handle). */
export interface GridTask {
  index: number;
  env: Record<string, string | undefined>;
  job: Omit<BacktestJob, 'db' | 'onStart' | 'onProgress'>;
}

export type GridAnswer =
  | { index: number; ok: true; total: BacktestReport['summary']['total']; candles: number }
  | { index: number; ok: false; error: string };

const THREAD = new URL('./grid-thread.ts', import.meta.url);

/**
 * Runs the tasks on `threads` worker threads, each taking the next task when it finishes one;
 * answers come back in task order, whatever order they finish in.
 */
export async function runPool(
  tasks: readonly GridTask[],
  threads: number,
  onAnswer: (answer: GridAnswer, done: number) => void = () => undefined,
): Promise<GridAnswer[]> {
  const answers: GridAnswer[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const count = Math.max(1, Math.min(threads, tasks.length));
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const give = () => worker.postMessage(next < tasks.length ? tasks[next++] : null);
      worker.on('message', (a: GridAnswer) => {
        answers[a.index] = a;
        onAnswer(a, ++done);
        give();
      });
      worker.on('error', reject);
      worker.on('exit', () => resolve());
      give();
    });
  await Promise.all(Array.from({ length: count }, () => run(tsWorker(THREAD, null))));
  return answers;
}
