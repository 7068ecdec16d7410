import type { AnalysedCandle } from '@roottrading/contracts';
import {
  candleEventOf,
  MarketSequencer,
  type CandleEvent,
  type EngineSignal,
  type LateSignalsEvent,
} from '@roottrading/engine';
import type { Tx } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { OutboxReader } from '../repositories/outbox.js';
import type { EngineRunner } from './engine-runner.js';
import { lateOf } from './late-entry.js';
import { OUTBOX, OutboxFill, type Delivered } from './outbox-fill.js';

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
  /** ANALYZER_WAIT: how long a candle waits for its analysed entry before its exits run without it (live). */
  analyzerWaitMs?: number;
  /** Only the account's market's candles may trade; others are acknowledged and never stepped. */
  accepts?: (entry: AnalysedCandle) => boolean;
  /** Rows to write with the next batch, until one commits (the account's market source, once). */
  record?: { pendingWrite(): ((tx: Tx) => Promise<void>) | undefined; written(): void };
  /** The analysed candles the analyzer stored (the stream's outbox): holes and a lost tail are stepped from it. */
  outbox?: OutboxReader;
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
  /** Entries refused by `accepts` (candles of another source). */
  ignored = 0;
  /** Candles stepped from the runner's own feed before their entry came (live: the analyzer was late). */
  ownCandles = 0;
  /** Signals recorded expired because their candle's exits had already run without them. */
  lateSignals = 0;
  private readonly fill: OutboxFill | undefined;
  /** Candles held, by symbol and open time, whatever delivered them (the stream, the outbox, the own feed). */
  private readonly heldKeys = new Set<string>();
  /** handle() and relay() one at a time: both go through the sequencer and the outbox's positions. */
  private exclusive: Promise<unknown> = Promise.resolve();
  private lastDelivery = Date.now();
  /** Own candles in the sequencer (by symbol and open time), and those stepped, whose signals come late. */
  private readonly ownHeld = new Map<string, CandleEvent>();
  private readonly steppedOwn = new Set<string>();

  constructor(private readonly deps: IntakeDeps) {
    this.sequencer = new MarketSequencer(deps.symbols, deps.runner.intervalMs);
    this.fill = deps.outbox
      ? new OutboxFill({
          outbox: deps.outbox,
          symbols: deps.symbols,
          intervalMs: deps.runner.intervalMs,
          lastStepped: (symbol) => deps.runner.state.lastCandles.get(symbol)?.openTime,
          logger: deps.logger,
        })
      : undefined;
  }

  /** Entries the stream never delivered (Redis lost them), stepped from the outbox. */
  get fromOutbox(): number {
    return this.fill?.count ?? 0;
  }

  /** Entries waiting for another symbol. */
  get pending(): number {
    return this.sequencer.pending;
  }

  /** Resolves with the ids the stream may acknowledge now: this batch's and held ones now committed. */
  handle(delivered: readonly Delivered[]): Promise<string[]> {
    this.lastDelivery = Date.now();
    return this.serially(async () => this.take(this.fill ? await this.fill.withMissed(delivered) : delivered));
  }

  /**
   * When the stream has delivered nothing for `idleMs`: the entries the outbox holds after the last
   * delivered (the stream lost them and no later entry came to show the hole), stepped like any.
   * Resolves with how many there were.
   */
  relay(idleMs: number, limit = 500): Promise<number> {
    if (!this.fill || this.stopped || Date.now() - this.lastDelivery < idleMs) return Promise.resolve(0);
    return this.serially(async () => {
      const tail = await this.fill!.tail(limit);
      if (tail.length > 0) await this.deps.ack(await this.take(tail));
      return tail.length;
    });
  }

  /** Deletes outbox entries more than `keepMs` of candle time before what the engine stepped; resolves with how many. */
  async pruneOutbox(keepMs: number): Promise<number> {
    return this.fill ? this.fill.prune(keepMs) : 0;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  private async take(batch: readonly Delivered[]): Promise<string[]> {
    const done: string[] = [];
    const ready: CandleEvent[] = [];
    const late: LateSignalsEvent[] = [];
    for (const { value, entryId } of batch) {
      if (this.held.has(entryId)) continue;
      if (this.deps.accepts && !this.deps.accepts(value)) {
        this.ignored++;
        done.push(entryId);
        continue;
      }
      const event = candleEventOf(value, this.deps.clockOf(value));
      const key = keyOf(event);
      const own = this.ownHeld.get(key);
      if (own) {
        // Its own candle is still waiting in the sequencer: it goes with its signals after all.
        (own as { signals: readonly EngineSignal[] }).signals = event.signals;
        this.ownHeld.delete(key);
        this.idOf.set(own, entryId);
        this.held.set(entryId, { event: own, since: Date.now() });
        continue;
      }
      if (this.heldKeys.has(key)) {
        // Held already under another id (the outbox's copy of an entry the stream delivered late).
        this.skipped++;
        done.push(entryId);
        continue;
      }
      const last = this.deps.runner.state.lastCandles.get(value.candle.symbol);
      if (last && value.candle.startTime <= last.openTime && this.deps.symbols.includes(value.candle.symbol)) {
        // Already stepped: delivered again after a restart or a failed acknowledgement — or stepped
        // from the runner's own feed while the analyzer was late, when its signals are recorded expired.
        if (this.steppedOwn.delete(key) && event.signals.length > 0)
          late.push(lateOf(event, this.deps.analyzerWaitMs ?? this.deps.waitMs));
        else this.skipped++;
        done.push(entryId);
        continue;
      }
      this.idOf.set(event, entryId);
      this.held.set(entryId, { event, since: Date.now() });
      this.heldKeys.add(key);
      ready.push(...this.sequencer.push(event));
    }
    if (late.length > 0) {
      await this.deps.runner.run(late);
      this.lateSignals += late.reduce((n, e) => n + e.signals.length, 0);
    }
    done.push(...(await this.step(ready)));
    this.armWait();
    return done.filter(isStreamId);
  }

  /** Whether the account has stepped this candle, or holds it to step. */
  has(symbol: string, openTime: number): boolean {
    const last = this.deps.runner.state.lastCandles.get(symbol);
    return (last !== undefined && last.openTime >= openTime) || this.heldKeys.has(`${symbol}@${openTime}`);
  }

  /**
   * A closed candle from the runner's own feed, stepped without signals because its analysed entry
   * is late (live: the analyzer stalled): the account's exits must not wait for it. The entry, when
   * it comes, is acknowledged and its signals recorded expired. Resolves with nothing to acknowledge
   * of its own; entries it releases from the sequencer are acknowledged here.
   */
  async stepOwn(event: CandleEvent): Promise<void> {
    if (this.stopped || this.has(event.candle.symbol, event.candle.openTime)) return;
    const key = keyOf(event);
    const id = `${OWN}${key}`;
    this.ownHeld.set(key, event);
    this.idOf.set(event, id);
    this.held.set(id, { event, since: Date.now() });
    this.heldKeys.add(key);
    this.ownCandles++;
    await this.deps.ack(await this.step(this.sequencer.push(event)));
    this.armWait();
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
      const write = this.deps.record?.pendingWrite();
      await this.deps.runner.run(events, write);
      if (write) this.deps.record!.written();
      for (const e of events) {
        const key = keyOf(e);
        if (this.ownHeld.delete(key)) this.rememberOwn(key);
      }
      return ids.filter(isStreamId);
    } finally {
      // Committed, or not: either way a delivery of these entries again must reach the engine's check.
      for (const id of ids) this.held.delete(id);
      for (const e of events) this.heldKeys.delete(keyOf(e));
    }
  }

  private rememberOwn(key: string): void {
    this.steppedOwn.add(key);
    // Bounded: an entry later than this many candles is only skipped.
    if (this.steppedOwn.size > OWN_KEPT) this.steppedOwn.delete(this.steppedOwn.values().next().value!);
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

/** Ids of own candles and of entries read from the outbox in `held` (never acknowledged: they are no stream entry). */
const OWN = 'own:';
const isStreamId = (id: string) => !id.startsWith(OWN) && !id.startsWith(OUTBOX);
const OWN_KEPT = 10_000;

const keyOf = (e: CandleEvent): string => `${e.candle.symbol}@${e.candle.openTime}`;
