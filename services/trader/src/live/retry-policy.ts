export interface BackoffOptions {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential: base, 2×base, 4×base … capped at max (attempt counts from 1). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** The backoff for this attempt, or the server's Retry-After when that is longer (capped at 5 minutes). */
export function retryDelay(
  attempt: number,
  opts: Pick<BackoffOptions, 'baseMs' | 'maxMs'>,
  retryAfterMs?: number,
): number {
  return Math.max(backoffDelay(attempt, opts.baseMs, opts.maxMs), Math.min(retryAfterMs ?? 0, MAX_SERVER_WAIT_MS));
}

const MAX_SERVER_WAIT_MS = 300_000;

export interface RetryHooks<E> {
  /** Only errors this accepts are tried again; anything else is thrown at once. */
  retryable(err: E): boolean;
  /** A wait the server asked for (Retry-After): honoured even beyond maxMs (binance bans an IP that ignores it). */
  waitHint?(err: E): number | undefined;
  /** Stop early (e.g. the circuit breaker opened meanwhile). */
  giveUp?(err: E): boolean;
  onRetry?(err: E, attempt: number, delayMs: number): void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `fn` until it succeeds, the error is not retryable, or the attempts are used up; the last
 * error is thrown. Used for reads only: an order is never sent twice by a retry loop (see
 * live-executor.ts for what happens after an order request fails).
 */
export async function withRetry<T, E = unknown>(
  fn: (attempt: number) => Promise<T>,
  opts: BackoffOptions,
  hooks: RetryHooks<E>,
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const e = err as E;
      if (attempt >= opts.attempts || !hooks.retryable(e) || hooks.giveUp?.(e)) throw err;
      const delay = retryDelay(attempt, opts, hooks.waitHint?.(e));
      hooks.onRetry?.(e, attempt, delay);
      await wait(delay);
    }
  }
}
