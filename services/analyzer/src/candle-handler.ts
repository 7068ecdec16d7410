import type { AnalysedCandleAppender } from '@roottrading/bus';
import type { Candle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import type { SymbolAnalyzer } from '@roottrading/strategies';
import type { SignalPublisher } from './signal-publisher.js';

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
 * The per-candle path: analyse (constant work, no I/O), publish the rare signals one by one, in
 * order, then queue the analysed-candle entry. Called by the bus one candle at a time per symbol.
 */
export class CandleHandler {
  readonly stats: CandleStats;
  private readonly warned = new Set<string>();

  constructor(
    private readonly analyzers: ReadonlyMap<string, SymbolAnalyzer>,
    private readonly interval: string,
    private readonly publisher: SignalPublisher,
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

  async handle(channelSymbol: string, candle: Candle): Promise<void> {
    const analyzer = this.analyzers.get(channelSymbol);
    if (!analyzer || candle.symbol !== channelSymbol || candle.interval !== this.interval) {
      this.stats.candlesIgnored++;
      this.warnOnce(`${channelSymbol}|${candle.symbol}|${candle.interval}`, {
        channelSymbol,
        symbol: candle.symbol,
        interval: candle.interval,
        expectedInterval: this.interval,
      });
      return;
    }
    const outcome = analyzer.analyze(candle);
    if (outcome.status === 'seen') {
      this.stats.candlesSkipped++;
      return;
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
      await this.publisher.publish(signal);
      this.logger.debug(
        { signalId: signal.id, strategy: signal.strategy, symbol: signal.symbol, side: signal.side },
        'signal',
      );
    }
    // After its signals are stored: the entry is what the trader steps on, candle and signals together.
    this.entries.append({ candle, signals: outcome.signals });
  }

  private warnOnce(key: string, fields: Record<string, unknown>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(fields, 'candle for another symbol or interval than this channel expects: ignored');
  }
}
