import { Worker } from 'node:worker_threads';

const BOOT = new URL('./thread-boot.mjs', import.meta.url);

/**
 * A worker thread running a TypeScript module. A thread does not get the tsx loader its process was
 * started with (`node --import tsx`), so it starts from a plain-JS entry that registers tsx for
 * itself and then loads `entry`; the module reads its input from `workerData.input`.
 */
export function tsWorker(entry: URL, input: unknown): Worker {
  return new Worker(BOOT, { workerData: { entry: entry.href, input } });
}
