export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long it stays open before one trial request is let through. */
  cooldownMs: number;
  now?: () => number;
  onChange?: (state: BreakerState, why: string) => void;
}

export interface BreakerStatus {
  state: BreakerState;
  consecutiveFailures: number;
  threshold: number;
  openedAt: string | null;
  /** When a trial request will be let through (open state only). */
  retryAt: string | null;
  /** The failure that opened it (scrubbed), for /health. */
  lastFailure: string | null;
  timesOpened: number;
}

/**
 * Stops calling an exchange that keeps failing. Closed: everything passes and failures are
 * counted; `threshold` consecutive failures open it. Open: nothing passes (trading is paused)
 * until `cooldownMs` has passed, then one trial request is let through (half-open): its success
 * closes the breaker, its failure opens it again for another cooldown. An operator may reset it.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private lastFailure: string | null = null;
  private trialInFlight = false;
  private opened = 0;
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    if (opts.threshold < 1) throw new Error('circuit breaker threshold must be at least 1');
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** True when a request may go out now; in half-open, only one at a time (the trial). */
  tryPass(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (this.openedAt !== null && this.now() - this.openedAt < this.opts.cooldownMs) return false;
      this.set('half-open', 'cooldown over: letting one trial request through');
    }
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.set('closed', 'a request succeeded');
  }

  failure(reason: string): void {
    this.failures++;
    this.lastFailure = reason;
    const trialFailed = this.current === 'half-open';
    this.trialInFlight = false;
    if (trialFailed || (this.current === 'closed' && this.failures >= this.opts.threshold)) {
      this.openedAt = this.now();
      this.opened++;
      this.set(
        'open',
        trialFailed ? `trial request failed: ${reason}` : `${this.failures} failures in a row: ${reason}`,
      );
    }
  }

  /** A request that ended without saying anything about the exchange's health (e.g. an order rejection). */
  release(): void {
    this.trialInFlight = false;
  }

  /** Operator action: close it now. */
  reset(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.set('closed', 'reset by an operator');
  }

  status(): BreakerStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      state: this.current,
      consecutiveFailures: this.failures,
      threshold: this.opts.threshold,
      openedAt: this.current === 'closed' ? null : iso(this.openedAt),
      retryAt: this.current === 'open' && this.openedAt !== null ? iso(this.openedAt + this.opts.cooldownMs) : null,
      lastFailure: this.lastFailure,
      timesOpened: this.opened,
    };
  }

  private set(state: BreakerState, why: string): void {
    this.current = state;
    this.opts.onChange?.(state, why);
  }
}
