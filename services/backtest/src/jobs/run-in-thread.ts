import { tsWorker } from '@roottrading/backtest';
import type { JobInput, JobMessage } from './messages.js';

const THREAD = new URL('./job-thread.ts', import.meta.url);

/**
 * Runs one job in a new worker thread and relays its messages; resolves with its last one (done or
 * failed). A thread that dies without saying (out of memory, a crash) is a failure naming its exit.
 */
export function runInThread(input: JobInput, onMessage: (m: JobMessage) => void): Promise<JobMessage> {
  return new Promise((resolve) => {
    const worker = tsWorker(THREAD, input);
    let last: JobMessage | null = null;
    worker.on('message', (m: JobMessage) => {
      last = m;
      onMessage(m);
    });
    worker.on('error', (err) => {
      last = { type: 'failed', error: `the run's thread failed: ${err.message}` };
    });
    worker.on('exit', (code) => {
      if (last?.type === 'done' || last?.type === 'failed') resolve(last);
      else resolve({ type: 'failed', error: `the run's thread exited (code ${code}) before finishing` });
    });
  });
}
