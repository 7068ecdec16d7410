/** How `pnpm start` restarts a service that exits by itself: 1 s, 2 s, 4 s … 30 s, afresh once it ran a minute. */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** A run this long counts as healthy: the next crash starts the backoff over. */
  healthyAfterMs: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

export interface Restart {
  /** Which start of the service this will be: the first start was attempt 1. */
  attempt: number;
  delayMs: number;
}

/**
 * The next start after a run of `ranMs` that was attempt `attempt`. Pure, so the schedule is
 * tested without waiting for it.
 */
export function nextRestart(attempt: number, ranMs: number, policy: RestartPolicy = RESTART_POLICY): Restart {
  const next = ranMs >= policy.healthyAfterMs ? 2 : attempt + 1;
  const delayMs = Math.min(policy.firstDelayMs * 2 ** (next - 2), policy.maxDelayMs);
  return { attempt: next, delayMs };
}

/** "trader exited (code 1); restarting in 2 s (attempt 3)" */
export function restartMessage(name: string, exit: string, restart: Restart): string {
  return `${name} exited (${exit}); restarting in ${restart.delayMs / 1000} s (attempt ${restart.attempt})`;
}
