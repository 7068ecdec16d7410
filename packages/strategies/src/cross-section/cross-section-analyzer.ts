import type { AnalysedCandle, Candle, Signal } from '@roottrading/contracts';
import { barFromCandle } from '../bars.js';
import { ProtectionLevels } from '../protection/protection-levels.js';
import { signalOf } from '../signal-of.js';
import type { MultiSymbolMachine } from '../strategies/multi-symbol-types.js';
import type { LoadedMultiSymbolStrategy, LoadedStrategy } from '../strategies/select.js';
import type { Bar } from '../strategies/types.js';
import { CrossSectionBarrier, type Member, type ReadySection } from './cross-section-barrier.js';

interface Running {
  strategy: LoadedMultiSymbolStrategy;
  symbols: readonly string[];
  machine: MultiSymbolMachine;
}

/**
 * Every multi-symbol strategy's state, over all of SYMBOLS. Synchronous and free of I/O, placed
 * between the per-symbol analysis and the analysed-candle stream, by the analyzer service and the
 * backtester alike: each analysed entry (a candle with its per-symbol signals) is held until the
 * cross-section of its open time is complete (CrossSectionBarrier), then every multi-symbol strategy
 * is stepped once on it and its signals are appended to the entries of their own symbols, after the
 * per-symbol ones, in STRATEGIES order. Entries of symbols no multi-symbol strategy reads, and every
 * entry when none is loaded, pass straight through.
 *
 * Warm-up bars (stored candles analysed before a restart) go through the same barrier and the same
 * steps, so a restarted analyzer has the state of an unbroken run; a signal of a warm-up bar is
 * dropped, as its entry was already written. A candle going back in its symbol's time (a replay
 * started over) releases what is held without multi-symbol signals and starts every machine afresh.
 */
export class CrossSectionAnalyzer {
  private readonly barrier: CrossSectionBarrier<AnalysedCandle>;
  private readonly strategies: readonly LoadedMultiSymbolStrategy[];
  /** The symbols each strategy reads, in SYMBOLS order. */
  private readonly reads: readonly (readonly string[])[];
  private running: Running[] = [];
  /** Per symbol, the ATRs and swing lows its protections are measured on, as of the last section stepped. */
  private levels = new Map<string, ProtectionLevels>();

  constructor(
    symbols: readonly string[],
    strategies: readonly LoadedStrategy[],
    private readonly intervalMs: number,
    /** A signal's createdAt: the wall clock in the service, the candle's close in a backtest. */
    private readonly clock: (candle: Candle) => number = () => Date.now(),
  ) {
    this.strategies = strategies.filter((s): s is LoadedMultiSymbolStrategy => s.kind === 'multi-symbol');
    this.reads = this.strategies.map((s) => {
      // A STRATEGIES_FILE instance with its own symbols chooses among those only.
      const own = s.symbolsOf(s.symbols ? symbols.filter((x) => s.symbols!.includes(x)) : symbols);
      return symbols.filter((x) => own.includes(x));
    });
    const read = new Set(this.reads.flat());
    this.barrier = new CrossSectionBarrier(symbols.filter((s) => read.has(s)));
    this.reset();
  }

  /** Whether any multi-symbol strategy runs (otherwise every entry passes straight through). */
  get active(): boolean {
    return this.strategies.length > 0;
  }

  /** The symbols whose entries wait for the others', in SYMBOLS order. */
  get symbols(): readonly string[] {
    return this.barrier.symbols;
  }

  /** Candles held until the other symbols' candles of their time are in. */
  get held(): number {
    return this.barrier.held;
  }

  /**
   * A stored candle already analysed (warm-up): the machines move on, nothing is signalled for it.
   * Returns the live entries it completes (another symbol's, analysed since the restart).
   */
  warm(symbol: string, bar: Bar): AnalysedCandle[] {
    return this.barrier.has(symbol) ? this.take({ symbol, bar, entry: undefined }) : [];
  }

  /** An analysed entry; returns the entries now complete (this one, later, among them), in market order. */
  push(entry: AnalysedCandle): AnalysedCandle[] {
    const symbol = entry.candle.symbol;
    if (!this.barrier.has(symbol)) return [entry];
    return this.take({ symbol, bar: barFromCandle(entry.candle), entry });
  }

  /** Steps what is still held with the symbols present (no later candle will come: a backtest's end). */
  flush(): AnalysedCandle[] {
    return this.barrier.flush().flatMap((section) => this.step(section));
  }

  private take(member: Member<AnalysedCandle>): AnalysedCandle[] {
    const out: AnalysedCandle[] = [];
    if (this.barrier.isBehind(member.symbol, member.bar.startTime)) {
      for (const held of this.reset()) if (held.entry) out.push(held.entry);
    }
    for (const section of this.barrier.push(member)) out.push(...this.step(section));
    return out;
  }

  private step({ openTime, members }: ReadySection<AnalysedCandle>): AnalysedCandle[] {
    for (const m of members) this.levels.get(m.symbol)!.update(m.bar);
    const added = new Map<string, Signal[]>();
    for (const { strategy, symbols, machine } of this.running) {
      const bars = new Map(members.filter((m) => symbols.includes(m.symbol)).map((m) => [m.symbol, m.bar]));
      // A time at which none of its symbols traded is no step for it: its state stays as it was.
      if (bars.size === 0) continue;
      for (const decision of machine.step({ openTime, bars })) {
        const entry = members.find((m) => m.symbol === decision.symbol)?.entry;
        // Only a live entry of that very time carries it: a warm-up bar's entry is already written.
        if (!entry) continue;
        const signal = signalOf(
          strategy,
          entry.candle,
          { side: decision.side, metadata: decision.metadata, exits: undefined },
          this.levels.get(decision.symbol)!.inputsFor(strategy.protection),
          this.clock(entry.candle),
        );
        added.set(decision.symbol, [...(added.get(decision.symbol) ?? []), signal]);
      }
    }
    return members.flatMap(({ symbol, entry }) =>
      entry ? [added.has(symbol) ? { ...entry, signals: [...entry.signals, ...added.get(symbol)!] } : entry] : [],
    );
  }

  /** Fresh machines and ATRs; returns what the barrier held. */
  private reset(): Member<AnalysedCandle>[] {
    const held = this.barrier.reset();
    const all = this.barrier.symbols;
    this.running = this.strategies.map((strategy, i) => ({
      strategy,
      symbols: this.reads[i]!,
      machine: strategy.create(this.reads[i]!, this.intervalMs),
    }));
    this.levels = new Map(all.map((s) => [s, new ProtectionLevels(this.strategies.map((x) => x.protection))]));
    return held;
  }
}
