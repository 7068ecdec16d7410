import type { Logger } from '@roottrading/logger';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { ExchangeClient } from './exchange-client.js';
import { countsAgainstExchange, ExchangeFailure, isRetryableRead } from './exchange-errors.js';
import { withRetry, type BackoffOptions } from './retry-policy.js';

export interface GuardOptions {
  retry: BackoffOptions;
  breaker: CircuitBreaker;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Every call to the exchange goes through here: the circuit breaker first (open = refused at once
 * with kind "circuit-open"), then the call; each attempt's outcome is reported to the breaker.
 * Reads are retried with exponential backoff on network-type failures only; an order request
 * (`send`) is made exactly once — whether it may be made again is the executor's decision, after
 * it has looked the order up. ccxt's own rate limiter (enableRateLimit) spaces the requests.
 */
export class GuardedExchange {
  constructor(
    readonly client: ExchangeClient,
    private readonly opts: GuardOptions,
  ) {}

  get breaker(): CircuitBreaker {
    return this.opts.breaker;
  }

  read<T>(what: string, fn: (client: ExchangeClient) => Promise<T>): Promise<T> {
    let resyncClock = false;
    return withRetry<T, ExchangeFailure>(
      async () => {
        if (resyncClock) {
          resyncClock = false;
          await this.attempt('sync clock', (c) => c.syncClock());
        }
        return this.attempt(what, fn);
      },
      this.opts.retry,
      {
        retryable: (e) => e instanceof ExchangeFailure && isRetryableRead(e.kind),
        waitHint: (e) => e.retryAfterMs,
        // The breaker opened on this very failure: report it, rather than a refusal of the next try.
        giveUp: () => this.opts.breaker.state === 'open',
        onRetry: (e, attempt, delayMs) => {
          if (e.kind === 'clock') resyncClock = true;
          this.opts.logger?.warn({ what, attempt, delayMs, error: e.toJSON() }, `exchange ${what} failed; retrying`);
        },
        sleep: this.opts.sleep,
      },
    );
  }

  /** One attempt, never retried here (order placement). */
  send<T>(what: string, fn: (client: ExchangeClient) => Promise<T>): Promise<T> {
    return this.attempt(what, fn);
  }

  private async attempt<T>(what: string, fn: (client: ExchangeClient) => Promise<T>): Promise<T> {
    const { breaker } = this.opts;
    if (!breaker.tryPass()) {
      const status = breaker.status();
      throw new ExchangeFailure(
        'circuit-open',
        `exchange circuit breaker is open after repeated failures (last: ${status.lastFailure ?? 'unknown'}); trading is paused until ${status.retryAt ?? 'a trial request succeeds'}`,
      );
    }
    try {
      const result = await fn(this.client);
      breaker.success();
      return result;
    } catch (err) {
      const failure =
        err instanceof ExchangeFailure
          ? err
          : new ExchangeFailure('internal', err instanceof Error ? err.message : String(err));
      if (countsAgainstExchange(failure.kind)) breaker.failure(`${what}: ${failure.message}`);
      else if (failure.kind === 'internal') breaker.release();
      // The exchange answered (a rejection, "no such order"): it is reachable.
      else breaker.success();
      throw failure;
    }
  }
}
