import type { Candle } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import type { EntryIntake } from './entry-intake.js';

export interface AnalyzerWatchDeps {
  intake: EntryIntake;
  symbols: readonly string[];
  /** ANALYZER_WAIT. */
  waitMs: number;
  /** Only the exchange's own candles may move live stops. */
  accepts: (source: string) => boolean;
  logger: Logger;
  now?: () => number;
}

/**
 * Live mode's guard against a stalled analyzer: every closed candle of the trader's own feed (the
 * market channel) is given `waitMs` for its analysed entry; if the account has not got it by then,
 * the candle is stepped without signals, so stops, targets, trails and the kill switch still run on
 * time. Its signals, when they come, are recorded expired (EntryIntake). Said once in the log when
 * the analyzer falls behind and once when it is back, and on /health.
 */
export class AnalyzerWatch {
  private readonly timers = new Set<NodeJS.Timeout>();
  private late = false;
  private lastOwn: number | null = null;
  private stopped = false;

  constructor(private readonly deps: AnalyzerWatchDeps) {}

  onCandle(candle: Candle): void {
    if (this.stopped || !this.deps.symbols.includes(candle.symbol)) return;
    if (!this.deps.accepts(candle.source ?? '')) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.check(candle).catch((err: unknown) =>
        this.deps.logger.error(
          { symbol: candle.symbol, error: err instanceof Error ? err.message : String(err) },
          "stepping a candle from the trader's own feed failed",
        ),
      );
    }, this.deps.waitMs);
    timer.unref();
    this.timers.add(timer);
  }

  health(): { analyzerLate: boolean; ownCandles: number; lastOwnCandle: string | null } {
    return {
      analyzerLate: this.late,
      ownCandles: this.deps.intake.ownCandles,
      lastOwnCandle: this.lastOwn === null ? null : new Date(this.lastOwn).toISOString(),
    };
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async check(candle: Candle): Promise<void> {
    if (this.stopped) return;
    const { intake, logger } = this.deps;
    if (intake.has(candle.symbol, candle.startTime)) {
      if (this.late) logger.info({ symbol: candle.symbol }, 'the analyzer is back in time');
      this.late = false;
      return;
    }
    if (!this.late) {
      logger.warn(
        { symbol: candle.symbol, candle: new Date(candle.startTime).toISOString(), waitMs: this.deps.waitMs },
        "the analyzer is late: applying this candle's exits from the trader's own feed; its signals will be recorded expired",
      );
    }
    this.late = true;
    this.lastOwn = candle.startTime;
    await intake.stepOwn(candle, (this.deps.now ?? Date.now)());
  }
}
