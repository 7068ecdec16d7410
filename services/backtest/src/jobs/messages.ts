import type { StoredRequest } from '../run-settings.js';

/** What the main thread hands a job's thread. */
export interface JobInput {
  runId: string;
  request: StoredRequest;
  /** The worker's environment for the run (see runEnv). */
  env: Record<string, string | undefined>;
}

/** What a job's thread reports back, in order: start, progress…, then done or failed. */
export type JobMessage =
  | { type: 'start'; total: number | null }
  | { type: 'progress'; done: number }
  | { type: 'done'; candles: number; trades: number }
  | { type: 'failed'; error: string };
