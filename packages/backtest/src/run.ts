import {
  CandleGate,
  candleEventOf,
  MarketSequencer,
  TradingEngine,
  type CandleEvent,
  type EngineConfig,
} from '@roottrading/engine';
import type { AnalysedCandle, Candle } from '@roottrading/contracts';
import {
  barFromCandle,
  CrossSectionAnalyzer,
  strategiesFor,
  SymbolAnalyzer,
  type LoadedStrategy,
} from '@roottrading/strategies';
import { Recorder } from './recorder.js';

export interface BacktestSetup {
  /** The trader's engine settings (paper execution), from the same environment. */
  engine: EngineConfig;
  /** The analyzer's strategies, in STRATEGIES order. */
  strategies: readonly LoadedStrategy[];
  /** An equity point each time candle time crosses a multiple of this. */
  equityEveryMs: number;
  /** CANDLE_MAX_JUMP, as the analyzer and the trader check candles. */
  candleMaxJumpPct: string;
  /** Called every `progressEvery` candles and at the end with the candles done. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export interface BacktestRun {
  recorder: Recorder;
  candles: number;
  signals: number;
  firstOpen: number | null;
  lastClose: number | null;
  engine: TradingEngine;
  /** Candles the candle checks refused (a jump still held at the end is among them), in the order refused. */
  refused: CandleRefusal[];
}

export interface CandleRefusal {
  symbol: string;
  openTime: number;
  reason: string;
}

export class CandleOrderError extends Error {
  override name = 'CandleOrderError';
}

/**
 * One backtest: each batch (the candles opening at one time, in SYMBOLS order) passes the candle
 * checks (CandleGate, on the market clock), goes through each symbol's analyzer — the analyzer
 * service's own code, its clock the candle's close — and its analysed entry through the trading
 * engine with paper execution — the trader's own code — exactly as the services step them at
 * MARKET_SPEED=max: the trader's sequencer puts what a held jump delays back in market order.
 * Nothing else decides a trade. Stepped batch by batch, so candles can stream in from a file, a
 * walk or the database without being held.
 */
export class Backtest {
  readonly engine: TradingEngine;
  readonly recorder: Recorder;
  private readonly analyzers: Map<string, SymbolAnalyzer>;
  private readonly crossSection: CrossSectionAnalyzer;
  private readonly rank: Map<string, number>;
  private readonly every: number;
  private readonly gate: CandleGate;
  private readonly sequencer: MarketSequencer;
  private readonly refused: CandleRefusal[] = [];
  /** The candle time being stepped (open and close; null open: none), until the account is sampled at its close. */
  private atOpen: number | null = null;
  private atClose = 0;
  private candles = 0;
  private signals = 0;
  private firstOpen: number | null = null;
  private lastOpen: number | null = null;
  private lastClose: number | null = null;

  constructor(private readonly setup: BacktestSetup) {
    const { engine: config } = setup;
    this.engine = TradingEngine.create(config);
    this.analyzers = new Map(
      config.symbols.map((s) => [s, new SymbolAnalyzer(s, strategiesFor(s, setup.strategies), config.intervalMs)]),
    );
    // The analyzer service's own cross-sections: a multi-symbol strategy's signals join their entries
    // once every symbol it reads has its candle at that time in (or a later one), as there.
    this.crossSection = new CrossSectionAnalyzer(
      config.symbols,
      setup.strategies,
      config.intervalMs,
      (c) => c.closeTime,
    );
    this.rank = new Map(config.symbols.map((s, i) => [s, i]));
    this.recorder = new Recorder(config.symbols, setup.equityEveryMs);
    this.every = setup.progressEvery ?? 10_000;
    this.gate = new CandleGate({ intervalMs: config.intervalMs, maxJumpPct: setup.candleMaxJumpPct });
    this.sequencer = new MarketSequencer(config.symbols, config.intervalMs);
  }

  /** The candles opening at one time, in SYMBOLS order. */
  step(batch: readonly Candle[]): void {
    if (batch.length === 0) return;
    const first = batch[0]!;
    if (this.lastOpen !== null && first.startTime <= this.lastOpen) {
      throw new CandleOrderError(
        `candles at ${iso(first.startTime)} come after ${iso(this.lastOpen)}: a backtest steps time forward only`,
      );
    }
    let previousRank = -1;
    for (const candle of batch) {
      const r = this.rank.get(candle.symbol);
      if (r === undefined) throw new CandleOrderError(`a candle of ${candle.symbol}, which SYMBOLS does not name`);
      if (r <= previousRank || candle.startTime !== first.startTime) {
        throw new CandleOrderError(`the candles at ${iso(first.startTime)} are not one per symbol in SYMBOLS order`);
      }
      previousRank = r;
      const verdict = this.gate.check(candle, 'market');
      for (const { item, reason } of verdict.refused) this.refuse(item, reason);
      for (const accepted of verdict.accepted) this.analyse(accepted);
    }
    this.firstOpen ??= first.startTime;
    this.lastOpen = first.startTime;
    this.lastClose = first.closeTime;
    if (this.sequencer.pending === 0) this.sample();
  }

  private refuse(c: Candle, reason: string): void {
    this.refused.push({ symbol: c.symbol, openTime: c.startTime, reason });
  }

  private analyse(candle: Candle): void {
    const outcome = this.analyzers.get(candle.symbol)!.analyze(candle, candle.closeTime);
    if (outcome.status === 'seen') return;
    for (const entry of this.crossSection.push({ candle, signals: outcome.signals })) this.sequence(entry);
  }

  private sequence(entry: AnalysedCandle): void {
    this.signals += entry.signals.length;
    for (const event of this.sequencer.push(candleEventOf(entry))) this.stepOne(event);
  }

  private stepOne(event: CandleEvent): void {
    const c = event.candle;
    if (this.atOpen !== null && this.atOpen !== c.openTime) this.sample();
    this.recorder.outputs(this.engine.step(event));
    this.recorder.price(c);
    this.atOpen = c.openTime;
    this.atClose = c.closeTime;
    if (++this.candles % this.every === 0) this.setup.onProgress?.(this.candles);
  }

  /** Every symbol's candle at one time has been stepped: the account is sampled at that close. */
  private sample(): void {
    if (this.atOpen === null) return;
    this.recorder.stepped(this.atClose, this.engine.state);
    this.atOpen = null;
  }

  /** The end of the candles: what waits for a symbol is stepped, a jump nothing confirmed is refused. */
  private drain(): void {
    // No later candle will complete a cross-section still held: it is stepped with the symbols present.
    for (const entry of this.crossSection.flush()) this.sequence(entry);
    for (const event of this.sequencer.releaseThrough(Number.POSITIVE_INFINITY)) this.stepOne(event);
    this.sample();
    for (const symbol of this.setup.engine.symbols) {
      for (const { item, reason } of this.gate.settle(symbol, false, 'no later candle came to confirm it').refused)
        this.refuse(item, reason);
    }
  }

  /**
   * Candles before the period: they move the indicators (as the analyzer's warm-up does), signal
   * nothing and never reach the engine.
   */
  warm(batch: readonly Candle[]): void {
    for (const candle of batch) {
      const bar = barFromCandle(candle);
      this.analyzers.get(candle.symbol)?.warm(bar);
      for (const entry of this.crossSection.warm(candle.symbol, bar)) this.sequence(entry);
    }
  }

  /** Sells every open position at the last close (a walk-forward window's end), exit reason manual. */
  closeAll(): void {
    this.drain();
    if (this.lastClose === null) return;
    this.recorder.outputs(this.engine.step({ type: 'close', at: this.lastClose, filter: {}, by: 'backtest' }));
  }

  finish(): BacktestRun {
    this.drain();
    this.recorder.finish();
    this.setup.onProgress?.(this.candles);
    return {
      recorder: this.recorder,
      candles: this.candles,
      signals: this.signals,
      firstOpen: this.firstOpen,
      lastClose: this.lastClose,
      engine: this.engine,
      refused: this.refused,
    };
  }
}

/** A whole backtest over batches already in market order. */
export function runBacktest(setup: BacktestSetup, batches: Iterable<readonly Candle[]>): BacktestRun {
  const run = new Backtest(setup);
  for (const batch of batches) run.step(batch);
  return run.finish();
}

const iso = (ms: number) => new Date(ms).toISOString();
