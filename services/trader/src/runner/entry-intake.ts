import type { AnalysedCandle } from '@roottrading/contracts';
import { candleEventOf, MarketSequencer, type CandleEvent } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import type { EngineRunner } from './engine-runner.js';

export interface IntakeDeps {
  runner: EngineRunner;
  symbols: readonly string[];
  logger: Logger;
  /** When an entry is handed to the engine: its candle's close in a replay, the wall clock live. */
  clockOf: (entry: AnalysedCandle) => number;
  /** Acknowledges entries that were held back and are committed since. */
  ack: (entryIds: readonly string[]) => Promise<void>;
  /** How long entries wait for a symbol that has stopped delivering before they are stepped anyway. */
  waitMs: number;
}

/**
 * Analysed-candle entries, as the stream delivers them, into the engine in market order: each
 * batch goes through the sequencer, what it releases is stepped and committed as one batch, and
 * only the committed entries are acknowledged. Entries held for a slower symbol stay pending in the
 * stream, so a crash loses none; one delivered again (a restart, a reclaim) is skipped while held,
 * and acknowledged without a step once the engine is past it.
 */
export class EntryIntake {
  private readonly sequencer: MarketSequencer;
  /** Entries in the sequencer or being committed, by entry id, with when they arrived (wall clock). */
  private readonly held = new Map<string, { event: CandleEvent; since: number }>();
  private readonly idOf = new WeakMap<CandleEvent, string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Entries delivered again after the engine had stepped them. */
  skipped = 0;
  /** Times the intake stopped waiting for a symbol. */
  waitsAbandoned = 0;

  constructor(private readonly deps: IntakeDeps) {
    this.sequencer = new MarketSequencer(deps.symbols, deps.runner.intervalMs);
  }

  /** Entries waiting for another symbol. */
  get pending(): number {
    return this.sequencer.pending;
  }

  /** Resolves with the ids the stream may acknowledge now: this batch's and held ones now committed. */
  async handle(batch: readonly { value: AnalysedCandle; entryId: string }[]): Promise<string[]> {
    const done: string[] = [];
    const ready: CandleEvent[] = [];
    for (const { value, entryId } of batch) {
      if (this.held.has(entryId)) continue;
      const last = this.deps.runner.state.lastCandles.get(value.candle.symbol);
      if (last && value.candle.startTime <= last.openTime && this.deps.symbols.includes(value.candle.symbol)) {
        // Already stepped: delivered again after a restart or a failed acknowledgement.
        this.skipped++;
        done.push(entryId);
        continue;
      }
      const event = candleEventOf(value, this.deps.clockOf(value));
      this.idOf.set(event, entryId);
      this.held.set(entryId, { event, since: Date.now() });
      ready.push(...this.sequencer.push(event));
    }
    done.push(...(await this.step(ready)));
    this.armWait();
    return done;
  }

  /** No more waiting; what is held stays pending in the stream for the next start. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async step(events: readonly CandleEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = events.map((e) => this.idOf.get(e)!);
    try {
      await this.deps.runner.run(events);
      return ids;
    } finally {
      // Committed, or not: either way a delivery of these entries again must reach the engine's check.
      for (const id of ids) this.held.delete(id);
    }
  }

  /**
   * Entries held `waitMs` for a symbol that delivered nothing meanwhile (its feed ended, or stalled)
   * are stepped then, in market order, with a line in the log. Only a stall releases anything: while
   * every symbol keeps delivering, the order is the sequencer's alone, and a replay is deterministic.
   */
  private armWait(): void {
    if (this.stopped || this.timer || this.sequencer.pending === 0) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const h of this.held.values()) oldest = Math.min(oldest, h.since);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.deps.runner
          .run([])
          .then(() => this.releaseStalled())
          .catch((err: unknown) =>
            this.deps.logger.warn(
              { err: err instanceof Error ? err.message : String(err) },
              'stepping held candles failed',
            ),
          )
          .finally(() => this.armWait());
      },
      Math.max(0, oldest + this.deps.waitMs - Date.now()),
    );
    this.timer.unref();
  }

  private async releaseStalled(): Promise<void> {
    if (this.stopped || this.sequencer.pending === 0) return;
    const cutoff = Date.now() - this.deps.waitMs;
    let through = Number.NEGATIVE_INFINITY;
    for (const h of this.held.values()) if (h.since <= cutoff) through = Math.max(through, h.event.candle.openTime);
    const events = this.sequencer.releaseThrough(through);
    if (events.length === 0) return;
    this.waitsAbandoned++;
    this.deps.logger.warn(
      {
        entries: events.length,
        through: new Date(through).toISOString(),
        waitMs: this.deps.waitMs,
        stillHeld: this.sequencer.pending,
      },
      'stopped waiting for a symbol with no newer candle: stepping the held candles in market order',
    );
    await this.deps.ack(await this.step(events));
  }
}
