import { hostname } from 'node:os';
import { z } from 'zod';
import { commonEnv, httpAccessEnv, int, parseEnv, port } from '@roottrading/config';

export const backtestEnvSchema = z.object({
  ...commonEnv,
  ...httpAccessEnv,
  BACKTEST_PORT: port(5014),
  /** Runs worked on at once by this process, each in its own worker thread; 0 = serve the API only. */
  BACKTEST_CONCURRENCY: int(1, 0, 64),
  /** Candle files for `source: "files"` runs (the replay source's directory). */
  REPLAY_DIR: z.string().trim().optional(),
  /**
   * How long a run's lock lasts without renewal: a worker that died mid-run loses its runs to the
   * others about this long after (BullMQ's lock duration; the stalled check runs at half of it).
   */
  BACKTEST_LOCK_MS: int(30_000, 1_000, 600_000),
  /** How this worker signs the runs it takes. */
  BACKTEST_WORKER_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_", ":" or "-"')
    .default(`${hostname().slice(0, 40)}:${process.pid}`),
});

export type BacktestServiceConfig = z.output<typeof backtestEnvSchema>;

export function loadBacktestConfig(env: Record<string, string | undefined> = process.env): BacktestServiceConfig {
  return parseEnv(backtestEnvSchema, env);
}
