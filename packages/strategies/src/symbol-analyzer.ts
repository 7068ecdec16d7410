import type { Candle, Signal } from '@roottrading/contracts';
import { barFromCandle } from './bars.js';
import { classifyCandle } from './candle-order.js';
import { ProtectionLevels } from './protection/protection-levels.js';
import { signalOf, type Decision } from './signal-of.js';
import type { GapFill, LoadedStrategy, LoadedSymbolStrategy } from './strategies/select.js';
import type { Bar, StrategyMachine } from './strategies/types.js';
import { TimeframeSteps, type ClosedGroup } from './timeframes/timeframe-steps.js';

export type CandleOutcome =
  | { status: 'analyzed'; signals: Signal[] }
  /** A replay started over: the state was reset before analysing this candle. */
  | { status: 'new-series'; signals: Signal[]; previousStartTime: number }
  /** Already handled (same open time or the candle before): ignored. */
  | { status: 'seen' };

interface Running {
  strategy: LoadedSymbolStrategy;
  machine: StrategyMachine;
  /** The timeframe it is stepped on: its primary one, or the base interval. */
  stepMs: number;
}

/**
 * Every enabled strategy's state for one symbol. Synchronous and free of I/O: the service feeds it
 * candles one at a time, in order, and publishes what it returns. Each base candle goes through the
 * timeframe aggregator; a strategy is stepped on the close of each bar of its primary timeframe (every
 * base candle for those on the base interval) and its signals go out with the candle that closed it.
 */
export class SymbolAnalyzer {
  /** The per-symbol ones: multi-symbol strategies are stepped by the CrossSectionAnalyzer. */
  private readonly strategies: readonly LoadedSymbolStrategy[];
  private machines: Running[] = [];
  /** The ATRs and swing lows the strategies' protections are measured on, on base candles. */
  private levels!: ProtectionLevels;
  private readonly steps: TimeframeSteps;
  private readonly gapFill: GapFill;
  private lastClose: number | undefined;
  lastStartTime: number | undefined;
  /** Base candles made up by GAP_FILL=flat so far (never reset: a counter for the service's health). */
  filledCandles = 0;

  constructor(
    readonly symbol: string,
    strategies: readonly LoadedStrategy[],
    private readonly intervalMs: number,
  ) {
    this.strategies = strategies.filter((s): s is LoadedSymbolStrategy => s.kind === 'single-symbol');
    // Every timeframe a strategy is stepped on or reads; those above the base interval get built.
    const timeframes = this.strategies.flatMap((s) => {
      const own = s.timeframes.onBase ? s.timeframes.timeframesMs.slice(1) : s.timeframes.timeframesMs;
      for (const ms of own) {
        if (ms % intervalMs !== 0)
          throw new RangeError(`${s.name} uses ${ms} ms bars, which ${intervalMs} ms candles cannot build`);
      }
      return own;
    });
    this.steps = new TimeframeSteps(intervalMs, timeframes);
    const fills = new Set(this.strategies.map((s) => s.gapFill));
    if (fills.size > 1)
      throw new RangeError('strategies loaded with different GAP_FILL settings cannot share one analyzer');
    this.gapFill = fills.has('flat') ? 'flat' : 'none';
    this.reset();
  }

  /** Feeds a past candle (warm-up): the indicators move on, nothing is signalled. */
  warm(bar: Bar): void {
    this.advance(bar, []);
    this.lastStartTime = bar.startTime;
  }

  /** Feeds a live candle and returns the signals it completes, in strategy order. */
  analyze(candle: Candle, now = Date.now()): CandleOutcome {
    const order = classifyCandle(this.lastStartTime, candle.startTime, this.intervalMs);
    if (order === 'seen') return { status: 'seen' };
    const previousStartTime = this.lastStartTime;
    if (order === 'new-series') this.reset();
    const decisions: (Decision | undefined)[] = [];
    this.advance(barFromCandle(candle), decisions);
    const signals: Signal[] = [];
    for (const [i, { strategy }] of this.machines.entries()) {
      const decision = decisions[i];
      if (decision === undefined) continue;
      signals.push(signalOf(strategy, candle, decision, this.levels.inputsFor(strategy.protection), now));
    }
    this.lastStartTime = candle.startTime;
    if (order === 'new-series') return { status: 'new-series', signals, previousStartTime: previousStartTime! };
    return { status: 'analyzed', signals };
  }

  /**
   * One base candle through the ATRs and the timeframes: each strategy whose bar closed is stepped.
   * Should two of its bars close on one candle (a gap before it), its last signal is the one kept.
   */
  private advance(bar: Bar, decisions: (Decision | undefined)[]): void {
    const last = this.lastStartTime;
    const close = this.lastClose;
    if (this.gapFill === 'flat' && last !== undefined && close !== undefined) {
      // GAP_FILL=flat: the minutes nobody traded in, at the last price, before the candle that ends them.
      for (let t = last + this.intervalMs; t < bar.startTime; t += this.intervalMs) {
        this.step({ startTime: t, open: close, high: close, low: close, close, volume: 0, filled: true }, decisions);
        this.filledCandles++;
      }
    }
    this.step(bar, decisions);
    this.lastClose = bar.close;
  }

  private step(bar: Bar, decisions: (Decision | undefined)[]): void {
    this.levels.update(bar);
    this.steps.push(bar, (group: ClosedGroup) => {
      for (const [i, running] of this.machines.entries()) {
        const closed = group.find((g) => g.timeframeMs === running.stepMs);
        if (closed === undefined) continue;
        const side = running.machine.update(closed.bar, this.steps.view);
        if (side === null) continue;
        const metadata = running.machine.metadata();
        // Which bar of a higher timeframe it was (the signal itself is the base candle's).
        decisions[i] = {
          side,
          metadata: running.strategy.timeframes.onBase ? metadata : { ...metadata, barStartTime: closed.bar.startTime },
          exits: side === 'BUY' ? running.machine.exits?.() : undefined,
        };
      }
    });
  }

  /** Forgets everything: fresh indicators for every strategy, fresh timeframes, and a fresh ATR. */
  reset(): void {
    this.machines = this.strategies.map((strategy) => ({
      strategy,
      machine: strategy.create(),
      stepMs: strategy.timeframes.onBase ? this.intervalMs : strategy.timeframes.primaryMs,
    }));
    this.steps.reset();
    this.levels = new ProtectionLevels(this.strategies.map((s) => s.protection));
    this.lastStartTime = undefined;
    this.lastClose = undefined;
  }
}
