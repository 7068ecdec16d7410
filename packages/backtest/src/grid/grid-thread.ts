/**
 * A sweep's worker thread: takes combinations from the main thread one at a time, runs each with
 * `executeBacktest` (exactly what `pnpm backtest` runs) and answers with its summary only.
 */
import { parentPort } from 'node:worker_threads';
import { executeBacktest } from '../execute.js';
import type { GridAnswer, GridTask } from './pool.js';

parentPort!.on('message', async (task: GridTask | null) => {
  if (task === null) return process.exit(0);
  let answer: GridAnswer;
  try {
    const report = await executeBacktest(task.env, task.job);
    answer = { index: task.index, ok: true, total: report.summary.total, candles: report.candles };
  } catch (err) {
    answer = { index: task.index, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(answer);
});
