import type { AnalysedCandleAppender } from '@roottrading/bus';
import type { Candle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
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
  /** Open time of the last candle analysed (or warmed up on), per symbol. */
  lastCandleAt: Record<string, number | null>;
}

/**
 * The per-candle path: analyse (constant work, no I/O), then queue the analysed-candle entry — the
 * candle and its signals — for the appender, which stores the signals and writes the entries of a
 * burst together. Called by the bus one candle at a time per symbol.
 */
export class CandleHandler {
  readonly stats: CandleStats;
  private readonly warned = new Set<string>();

  constructor(
    private readonly analyzers: ReadonlyMap<string, SymbolAnalyzer>,
    private readonly interval: string,
    private readonly entries: Pick<AnalysedCandleAppender, 'append'>,
    private readonly logger: Logger,
  ) {
    this.stats = {
      candlesProcessed: 0,
      candlesSkipped: 0,
      candlesIgnored: 0,
      seriesResets: 0,
      lastCandleAt: Object.fromEntries([...analyzers].map(([symbol, a]) => [symbol, a.lastStartTime ?? null])),
    };
  }

  /** Records where the warm-up left each symbol. */
  refreshLastCandles(): void {
    for (const [symbol, analyzer] of this.analyzers) this.stats.lastCandleAt[symbol] = analyzer.lastStartTime ?? null;
  }

  /** True when the candle was analysed and its entry queued; false when it was ignored or already handled. */
  handle(channelSymbol: string, candle: Candle): boolean {
    const analyzer = this.analyzers.get(channelSymbol);
    if (!analyzer || candle.symbol !== channelSymbol || candle.interval !== this.interval) {
      this.stats.candlesIgnored++;
      this.warnOnce(`${channelSymbol}|${candle.symbol}|${candle.interval}`, {
        channelSymbol,
        symbol: candle.symbol,
        interval: candle.interval,
        expectedInterval: this.interval,
      });
      return false;
    }
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
