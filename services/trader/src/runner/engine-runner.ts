import type { Db, Tx } from '@roottrading/db';
import type {
  EngineCandle,
  EngineEvent,
  EngineOutput,
  EngineState,
  KillSwitchView,
  Pause,
  TradingEngine,
} from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import { SerialQueue } from '../account/serial-queue.js';
import { commitOutputs } from '../ledger/commit-outputs.js';
import type { LedgerScope } from '../ledger/order-ids.js';
import { auditRowsOf } from './audit.js';
import { logOutputs, RunnerStats } from './runner-stats.js';
import { boundaryOf, newestClose, type EquityPoint } from './snapshot.js';

/** One event of a committed batch: what it did, and what the controls were just before it. */
export interface Step {
  event: EngineEvent;
  outputs: readonly EngineOutput[];
  before: { killSwitch: KillSwitchView; pauses: readonly Pause[]; clock: number | null };
}

export interface RunnerDeps {
  db: Db;
  engine: TradingEngine;
  logger: Logger;
  /** Which account the rows belong to (the paper one or the exchange's) and its client ids. */
  scope: LedgerScope;
  /** EQUITY_SNAPSHOT_EVERY: the account is captured each time candle time crosses a multiple of it. */
  snapshotEveryMs?: number;
}

/** What a committed batch did. */
export interface Committed {
  outputs: readonly EngineOutput[];
  candles: readonly EngineCandle[];
  /** The account at each EQUITY_SNAPSHOT_EVERY boundary the batch crossed, as it stood right there. */
  boundaries: readonly EquityPoint[];
}

/**
 * The trader's one way to change the account: events are stepped, in the order they are handed in,
 * on a copy of the engine; the batch's outputs are written in one transaction; only then is the copy
 * kept. A failed commit leaves the engine as it was, so the same events can be handed in again.
 */
export class EngineRunner {
  private engine: TradingEngine;
  private readonly queue = new SerialQueue();
  readonly stats = new RunnerStats();
  private readonly listeners: ((batch: Committed) => void)[] = [];

  constructor(private readonly deps: RunnerDeps) {
    this.engine = deps.engine;
  }

  /** The account as last committed. */
  get state(): Readonly<EngineState> {
    return this.engine.state;
  }

  /** The base candle interval the account is stepped on. */
  get intervalMs(): number {
    return this.engine.config.intervalMs;
  }

  /** Jobs waiting for or in the engine. */
  get queued(): number {
    return this.queue.size;
  }

  /** Which account the rows belong to. */
  get scope(): LedgerScope {
    return this.deps.scope;
  }

  /** Called after each commit, in commit order, with what the batch did. */
  onCommitted(listener: (batch: Committed) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Steps `events` as one batch after everything handed in before; resolves with each step once
   * committed. `alsoWrite` adds the caller's rows (what an exchange said about its orders) to the
   * batch's transaction, after the engine's.
   */
  run(events: readonly EngineEvent[], alsoWrite?: (tx: Tx) => Promise<void>): Promise<Step[]> {
    return this.queue.run(() => this.commit(events, alsoWrite));
  }

  /**
   * As run, but first asks `refusal` about the account as committed just before the batch, on the
   * same queue (nothing can change it in between): when it answers, nothing is stepped or written.
   */
  runUnless<R>(
    refusal: (state: Readonly<EngineState>) => R | undefined,
    events: readonly EngineEvent[],
  ): Promise<{ refused: R } | { steps: Step[] }> {
    return this.queue.run(async () => {
      const refused = refusal(this.engine.state);
      return refused !== undefined ? { refused } : { steps: await this.commit(events) };
    });
  }

  /** Resolves once everything handed in so far is committed (or failed). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async commit(events: readonly EngineEvent[], alsoWrite?: (tx: Tx) => Promise<void>): Promise<Step[]> {
    if (events.length === 0 && !alsoWrite) return [];
    const draft = this.engine.clone();
    const steps: Step[] = [];
    const outputs: EngineOutput[] = [];
    const candles: EngineCandle[] = [];
    const boundaries: EquityPoint[] = [];
    for (const event of events) {
      const before = {
        killSwitch: draft.state.killSwitch,
        pauses: draft.state.pauses,
        clock: newestClose(draft.state),
      };
      const out = draft.step(event);
      steps.push({ event, outputs: out, before });
      outputs.push(...out);
      if (event.type !== 'candle' || out.some((o) => o.type === 'candle-rejected')) continue;
      candles.push(event.candle);
      const point = boundaryOf(before.clock, draft.state, this.deps.snapshotEveryMs);
      if (point) boundaries.push(point);
    }
    await this.deps.db.transaction().execute(async (tx: Tx) => {
      await commitOutputs(
        tx,
        { outputs, candles, marks: draft.state.marks, results: draft.state.results },
        this.deps.scope,
      );
      await auditRowsOf(tx, steps, this.deps.scope);
      await alsoWrite?.(tx);
    });
    this.engine = draft;
    this.stats.count(events, outputs);
    logOutputs(this.deps.logger, outputs);
    for (const listener of this.listeners) listener({ outputs, candles, boundaries });
    return steps;
  }
}
