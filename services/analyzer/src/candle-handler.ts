import type { AnalysedCandleAppender } from '@roottrading/bus';
import type { Candle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import { candleFault, CandleGate, gateClockFor, type CandleGateOptions, type Refused } from '@roottrading/engine';
import type { SymbolAnalyzer } from '@roottrading/strategies';

export interface CandleStats {
  /** Live candles analysed by the strategies. */
  candlesProcessed: number;
  /** Live candles already handled (same or previous open time): ignored. */
  candlesSkipped: number;
  /** Live candles for another symbol or interval than the channel's: ignored. */
  candlesIgnored: number;
  /** Times a symbol's candle time went back more than one candle and its state was reset. */
  seriesResets: number;
  /** Candles the candle checks refused (impossible, in the future, an unconfirmed jump): never analysed. */
  candlesRefused: number;
  /** Jumps held and then confirmed by the next candle. */
  candlesConfirmed: number;
  /** Open time of the last candle analysed (or warmed up on), per symbol. */
  lastCandleAt: Record<string, number | null>;
}

/** A candle and whether it came from the feed (the gateway's pacer counts those) or the candles table. */
interface Arrival {
  candle: Candle;
  live: boolean;
}

/**
 * The per-candle path: check (CandleGate: a refused or held candle reaches no strategy), analyse
 * (constant work, no I/O), then queue the analysed-candle entry — the candle and its signals — for
 * the appender, which stores the signals and writes the entries of a burst together. Called by the
 * bus one candle at a time per symbol.
 */
export class CandleHandler {
  readonly stats: CandleStats;
  private readonly warned = new Set<string>();
  private readonly gate: CandleGate<Arrival>;
  private readonly intervalMs: number;

  constructor(
    private readonly analyzers: ReadonlyMap<string, SymbolAnalyzer>,
    private readonly interval: string,
    private readonly entries: Pick<AnalysedCandleAppender, 'append'>,
    private readonly logger: Logger,
    checks: CandleGateOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.gate = new CandleGate(checks, (a) => a.candle);
    this.intervalMs = checks.intervalMs;
    this.stats = {
      candlesProcessed: 0,
      candlesSkipped: 0,
      candlesIgnored: 0,
      candlesRefused: 0,
      candlesConfirmed: 0,
      seriesResets: 0,
      lastCandleAt: Object.fromEntries([...analyzers].map(([symbol, a]) => [symbol, a.lastStartTime ?? null])),
    };
  }

  /** Records where the warm-up left each symbol. */
  refreshLastCandles(): void {
    for (const [symbol, analyzer] of this.analyzers) this.stats.lastCandleAt[symbol] = analyzer.lastStartTime ?? null;
  }

  /** The last candle a symbol was warmed up on: the next one is checked against its close. */
  seed(last: Candle): void {
    this.gate.seed(last.symbol, last.startTime, last.close);
  }

  /** Whether the candle is impossible whatever came before it (handle refuses it): nothing to catch up on for it. */
  impossible(candle: Candle): boolean {
    return candleFault(candle, this.intervalMs, gateClockFor(candle, this.now())) !== null;
  }

  /** Candles held until the next one confirms their jump. */
  get held(): number {
    return this.gate.holding;
  }

  /**
   * Checks and analyses one candle (`live`: from the feed; otherwise read from the candles table).
   * Returns how many feed candles this call finished without an entry — ignored, already handled,
   * refused — for the pacer's count; one with an entry is counted once it is written, and a held
   * one when it is settled (by the next candle's call).
   */
  handle(channelSymbol: string, candle: Candle, live = true): number {
    const analyzer = this.analyzers.get(channelSymbol);
    if (!analyzer || candle.symbol !== channelSymbol || candle.interval !== this.interval) {
      this.stats.candlesIgnored++;
      this.warnOnce(`${channelSymbol}|${candle.symbol}|${candle.interval}`, {
        channelSymbol,
        symbol: candle.symbol,
        interval: candle.interval,
        expectedInterval: this.interval,
      });
      return live ? 1 : 0;
    }
    const verdict = this.gate.check({ candle, live }, gateClockFor(candle, this.now()));
    let finished = 0;
    for (const r of verdict.refused) {
      this.refused(r);
      if (r.item.live) finished++;
    }
    if (verdict.held) {
      this.logger.info(
        { symbol: candle.symbol, candleAt: new Date(candle.startTime).toISOString(), close: candle.close },
        'candle held until the next one confirms it',
      );
    }
    if (verdict.accepted.length > 1) this.stats.candlesConfirmed++;
    for (const a of verdict.accepted) if (!this.analyse(analyzer, a.candle) && a.live) finished++;
    return finished;
  }

  private refused({ item, reason }: Refused<Arrival>): void {
    this.stats.candlesRefused++;
    const c = item.candle;
    this.logger.warn(
      { symbol: c.symbol, candleAt: new Date(c.startTime).toISOString(), source: c.source, reason },
      `candle refused: ${reason}`,
    );
  }

  /** True when the candle was analysed and its entry queued; false when it was already handled. */
  private analyse(analyzer: SymbolAnalyzer, candle: Candle): boolean {
    const outcome = analyzer.analyze(candle);
    if (outcome.status === 'seen') {
      this.stats.candlesSkipped++;
      return false;
    }
    if (outcome.status === 'new-series') {
      this.stats.seriesResets++;
      this.logger.info(
        {
          symbol: candle.symbol,
          lastCandleAt: new Date(outcome.previousStartTime).toISOString(),
          candleAt: new Date(candle.startTime).toISOString(),
        },
        'candle time went back: a new series, indicators reset',
      );
    }
    this.stats.candlesProcessed++;
    this.stats.lastCandleAt[candle.symbol] = candle.startTime;
    for (const signal of outcome.signals) {
      this.logger.debug(
        { signalId: signal.id, strategy: signal.strategy, symbol: signal.symbol, side: signal.side },
        'signal',
      );
    }
    // The entry is what the trader steps on, candle and signals together.
    this.entries.append({ candle, signals: outcome.signals });
    return true;
  }

  private warnOnce(key: string, fields: Record<string, unknown>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(fields, 'candle for another symbol or interval than this channel expects: ignored');
  }
}
