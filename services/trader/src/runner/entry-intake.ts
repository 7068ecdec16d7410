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
  /** ANALYZER_WAIT: how long a candle waits for its analysed entry before its exits run without it (live). */
  analyzerWaitMs?: number;
  /** Only the account's market's candles may trade; others are acknowledged and never stepped. */
  accepts?: (entry: AnalysedCandle) => boolean;
  /** Rows to write with the next batch, until one commits (the account's market source, once). */
  record?: { pendingWrite(): ((tx: Tx) => Promise<void>) | undefined; written(): void };
  /** The analysed candles of `symbol` stored between two open times (the stream's outbox, oldest first). */
  outbox?: (symbol: string, after: number, before: number) => Promise<AnalysedCandle[]>;
}

type Delivered = { value: AnalysedCandle; entryId: string };

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
  /** Entries the stream never delivered (Redis lost them), stepped from the outbox. */
  fromOutbox = 0;
  /** The newest candle delivered per symbol, held or stepped: the one the next entry must follow. */
  private readonly delivered = new Map<string, number>();
  /** Own candles in the sequencer (by symbol and open time), and those stepped, whose signals come late. */
  private readonly ownHeld = new Map<string, CandleEvent>();
  private readonly steppedOwn = new Set<string>();

  constructor(private readonly deps: IntakeDeps) {
    this.sequencer = new MarketSequencer(deps.symbols, deps.runner.intervalMs);
  }

  /** Entries waiting for another symbol. */
  get pending(): number {
    return this.sequencer.pending;
  }

  /** Resolves with the ids the stream may acknowledge now: this batch's and held ones now committed. */
  async handle(delivered: readonly Delivered[]): Promise<string[]> {
    const batch = this.deps.outbox ? await this.withMissed(delivered) : delivered;
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

  /**
   * The batch with, before each entry that does not follow its symbol's last candle, the entries
   * in between from the outbox: the analyzer stores every entry there before it sends it, so a hole
   * in the stream (Redis restarted without its data) is filled in order, and a hole that is not
   * there (minutes the exchange had no candle for) costs one query and adds nothing.
   */
  private async withMissed(batch: readonly Delivered[]): Promise<Delivered[]> {
    const out: Delivered[] = [];
    for (const item of batch) {
      const { symbol, startTime } = item.value.candle;
      if (this.deps.symbols.includes(symbol)) {
        const last = Math.max(
          this.delivered.get(symbol) ?? Number.NEGATIVE_INFINITY,
          this.deps.runner.state.lastCandles.get(symbol)?.openTime ?? Number.NEGATIVE_INFINITY,
        );
        if (Number.isFinite(last) && startTime > last + this.deps.runner.intervalMs) {
          const missed = await this.deps.outbox!(symbol, last, startTime);
          for (const value of missed) out.push({ value, entryId: `${OUTBOX}${symbol}@${value.candle.startTime}` });
          this.fromOutbox += missed.length;
          if (missed.length > 0)
            this.deps.logger.warn(
              { symbol, after: new Date(last).toISOString(), entries: missed.length },
              'entries missing from the stream stepped from the outbox',
            );
        }
        if (startTime > last) this.delivered.set(symbol, startTime);
      }
      out.push(item);
    }
    return out;
  }

  /** Whether the account has stepped this candle, or holds it to step. */
  has(symbol: string, openTime: number): boolean {
    const last = this.deps.runner.state.lastCandles.get(symbol);
    if (last && last.openTime >= openTime) return true;
    for (const h of this.held.values()) {
      if (h.event.candle.symbol === symbol && h.event.candle.openTime === openTime) return true;
    }
    return false;
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
const OUTBOX = 'outbox:';
const isStreamId = (id: string) => !id.startsWith(OWN) && !id.startsWith(OUTBOX);
const OWN_KEPT = 10_000;

const keyOf = (e: CandleEvent): string => `${e.candle.symbol}@${e.candle.openTime}`;

function lateOf(event: CandleEvent, waitMs: number): LateSignalsEvent {
  return {
    type: 'late-signals',
    at: event.at,
    symbol: event.candle.symbol,
    openTime: event.candle.openTime,
    signals: event.signals,
    reason: `the analyzer was late: this candle's exits were applied from the trader's own feed after ${Math.round(waitMs / 1000)}s, before its signals arrived`,
  };
}
