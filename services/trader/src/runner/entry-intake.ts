import type { AnalysedCandle, Candle } from '@roottrading/contracts';
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
import { CandleScreen, type ExchangeWord } from './candle-screen.js';
import type { EngineRunner } from './engine-runner.js';
import { lateOf } from './late-entry.js';
import { OUTBOX, OutboxFill, type Delivered } from './outbox-fill.js';
import { StallWait } from './stall-wait.js';

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
  /** CANDLE_MAX_JUMP, and (live) how the exchange confirms a held jump at once. */
  checks: { maxJumpPct: string; confirm?: (candle: Candle) => Promise<ExchangeWord | undefined> };
}

/** What the candle checks hold: an entry (from the stream or the outbox), or a candle of the runner's own feed. */
type Screened = { entry: Delivered; candle: Candle } | { own: CandleEvent; candle: Candle };

/**
 * Analysed-candle entries, as the stream delivers them, into the engine in market order: each new
 * candle passes the candle checks (a refused one is acknowledged and never stepped; one held for
 * confirmation stays pending in the stream), then goes through the sequencer; what it releases is
 * stepped and committed as one batch, and only the committed entries are acknowledged. Entries
 * held for a slower symbol stay pending in the stream, so a crash loses none; one delivered again
 * (a restart, a reclaim) is skipped while held, and acknowledged without a step once the engine is
 * past it.
 */
export class EntryIntake {
  private readonly sequencer: MarketSequencer;
  /** Entries in the sequencer or being committed, by entry id, with when they arrived (wall clock). */
  private readonly held = new Map<string, { event: CandleEvent; since: number }>();
  private readonly idOf = new WeakMap<CandleEvent, string>();
  private stopped = false;
  /** Entries delivered again after the engine had stepped them. */
  skipped = 0;
  /** Entries refused by `accepts` (candles of another source). */
  ignored = 0;
  /** Candles stepped from the runner's own feed before their entry came (live: the analyzer was late). */
  ownCandles = 0;
  /** Signals recorded expired because their candle's exits had already run without them. */
  lateSignals = 0;
  private readonly fill: OutboxFill | undefined;
  private readonly stall: StallWait;
  /** The candle checks every new candle passes before the engine. */
  readonly candles: CandleScreen<Screened>;
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
    this.stall = new StallWait({
      sequencer: this.sequencer,
      held: this.held,
      waitMs: deps.waitMs,
      idle: () => deps.runner.run([]).then(() => undefined),
      step: async (events) => deps.ack(await this.step(events)),
      logger: deps.logger,
    });
    this.candles = new CandleScreen<Screened>({
      ...deps.checks,
      intervalMs: deps.runner.intervalMs,
      candleOf: (item) => item.candle,
      state: () => deps.runner.state,
      logger: deps.logger,
    });
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

  /** Times the intake stopped waiting for a symbol. */
  get waitsAbandoned(): number {
    return this.stall.abandoned;
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
    for (const item of batch) {
      const { value, entryId } = item;
      if (this.held.has(entryId) || this.screening(item)) continue;
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
      // Never stepped: checked first; a refused entry is acknowledged, a held one stays pending.
      const checked = await this.candles.check({ entry: item, candle: value.candle });
      for (const r of checked.refused) if ('entry' in r.item) done.push(r.item.entry.entryId);
      for (const a of checked.accepted) ready.push(...this.sequence(a));
    }
    if (late.length > 0) {
      await this.deps.runner.run(late);
      this.lateSignals += late.reduce((n, e) => n + e.signals.length, 0);
    }
    done.push(...(await this.step(ready)));
    this.stall.arm();
    return done.filter(isStreamId);
  }

  /** Whether this very entry is the one the candle checks hold (delivered again while it waits). */
  private screening(item: Delivered): boolean {
    const held = this.candles.heldOf(item.value.candle.symbol);
    return held !== undefined && 'entry' in held && held.entry.entryId === item.entryId;
  }

  /** A checked candle into the sequencer; what it releases, in market order. */
  private sequence(item: Screened): CandleEvent[] {
    const own = 'own' in item;
    const event = own ? item.own : candleEventOf(item.entry.value, this.deps.clockOf(item.entry.value));
    const key = keyOf(event);
    const id = own ? `${OWN}${key}` : item.entry.entryId;
    if (own) {
      this.ownHeld.set(key, event);
      this.ownCandles++;
    }
    this.idOf.set(event, id);
    this.held.set(id, { event, since: Date.now() });
    this.heldKeys.add(key);
    return this.sequencer.push(event);
  }

  /** Whether the account has stepped this candle, or holds it to step (the candle checks too). */
  has(symbol: string, openTime: number): boolean {
    const last = this.deps.runner.state.lastCandles.get(symbol);
    if ((last !== undefined && last.openTime >= openTime) || this.heldKeys.has(`${symbol}@${openTime}`)) return true;
    return this.candles.heldOf(symbol)?.candle.startTime === openTime;
  }

  /**
   * A closed candle from the runner's own feed, stepped without signals because its analysed entry
   * is late (live: the analyzer stalled): the account's exits must not wait for it. The entry, when
   * it comes, is acknowledged and its signals recorded expired. Resolves with nothing to acknowledge
   * of its own; entries it releases from the sequencer are acknowledged here.
   */
  async stepOwn(candle: Candle, at: number): Promise<void> {
    if (this.stopped || this.has(candle.symbol, candle.startTime)) return;
    const checked = await this.candles.check({ own: candleEventOf({ candle, signals: [] }, at), candle });
    const refused = checked.refused.flatMap((r) => ('entry' in r.item ? [r.item.entry.entryId] : []));
    const ready = checked.accepted.flatMap((a) => this.sequence(a));
    await this.deps.ack([...refused.filter(isStreamId), ...(await this.step(ready))]);
    this.stall.arm();
  }

  /** No more waiting; what is held stays pending in the stream for the next start. */
  stop(): void {
    this.stopped = true;
    this.stall.stop();
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
}

/** Ids of own candles and of entries read from the outbox in `held` (never acknowledged: they are no stream entry). */
const OWN = 'own:';
const isStreamId = (id: string) => !id.startsWith(OWN) && !id.startsWith(OUTBOX);
const OWN_KEPT = 10_000;

const keyOf = (e: CandleEvent): string => `${e.candle.symbol}@${e.candle.openTime}`;
