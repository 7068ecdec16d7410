import type { CandleEvent, MarketSequencer } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';

export interface StallWaitDeps {
  sequencer: MarketSequencer;
  /** The entries in the sequencer, with when they arrived (wall clock). */
  held: ReadonlyMap<string, { event: CandleEvent; since: number }>;
  /** How long entries wait for a symbol that has stopped delivering. */
  waitMs: number;
  /** Resolves once everything handed to the runner so far is committed. */
  idle: () => Promise<void>;
  /** Steps and acknowledges what the wait releases. */
  step: (events: readonly CandleEvent[]) => Promise<void>;
  logger: Logger;
}

/**
 * Entries held `waitMs` for a symbol that delivered nothing meanwhile (its feed ended, or stalled)
 * are stepped then, in market order, with a line in the log. Only a stall releases anything: while
 * every symbol keeps delivering, the order is the sequencer's alone, and a replay is deterministic.
 */
export class StallWait {
  /** Times the wait for a symbol was given up. */
  abandoned = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: StallWaitDeps) {}

  arm(): void {
    if (this.stopped || this.timer || this.deps.sequencer.pending === 0) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const h of this.deps.held.values()) oldest = Math.min(oldest, h.since);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.deps
          .idle()
          .then(() => this.release())
          .catch((err: unknown) =>
            this.deps.logger.warn(
              { err: err instanceof Error ? err.message : String(err) },
              'stepping held candles failed',
            ),
          )
          .finally(() => this.arm());
      },
      Math.max(0, oldest + this.deps.waitMs - Date.now()),
    );
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async release(): Promise<void> {
    const { sequencer, held, waitMs } = this.deps;
    if (this.stopped || sequencer.pending === 0) return;
    const cutoff = Date.now() - waitMs;
    let through = Number.NEGATIVE_INFINITY;
    for (const h of held.values()) if (h.since <= cutoff) through = Math.max(through, h.event.candle.openTime);
    const events = sequencer.releaseThrough(through);
    if (events.length === 0) return;
    this.abandoned++;
    this.deps.logger.warn(
      { entries: events.length, through: new Date(through).toISOString(), waitMs, stillHeld: sequencer.pending },
      'stopped waiting for a symbol with no newer candle: stepping the held candles in market order',
    );
    await this.deps.step(events);
  }
}
