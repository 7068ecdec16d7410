import type { Logger } from '@roottrading/logger';

/**
 * The progress the pacer waits on: the analyzer's count of handled candles, held back by the
 * trader's count of candles it has stepped when a trader reports one — so at max speed the gateway
 * runs at most MAX_LAG candles ahead of the slower of the two, and the trader's durable backlog
 * stays bounded. Both counts are taken from where they were first read, so the combined value only
 * goes back when a counter is reset (which the pacer treats as a reset).
 *
 * A trader whose count has not moved for `stallMs` while the analyzer's did (stopped, or a key left
 * by an earlier run) is no longer waited for, with one line in the log; once it moves, it is again.
 */
export class PipelineProgress {
  private anchor: { value: number; analyzer: number; trader: number } | undefined;
  private traderLast = 0;
  private traderMovedAt = 0;
  private ignoringTrader = false;
  private last = 0;

  constructor(private readonly opts: { stallMs: number; logger: Logger; now?: () => number }) {}

  /** Combines one read of both counters; `trader` is null when no trader has ever reported. */
  combine(analyzer: number, trader: number | null): number {
    if (trader === null) return (this.last = analyzer);
    const now = (this.opts.now ?? Date.now)();
    if (!this.anchor || analyzer < this.anchor.analyzer || trader < this.anchor.trader) {
      // First read, or a counter was reset: count afresh from here.
      this.anchor = { value: analyzer, analyzer, trader };
      this.traderLast = trader;
      this.traderMovedAt = now;
    } else if (trader !== this.traderLast) {
      this.traderLast = trader;
      this.traderMovedAt = now;
      if (this.ignoringTrader) {
        this.ignoringTrader = false;
        this.anchor = { value: this.last, analyzer, trader };
        this.opts.logger.info('trader progress moves again: pacing on it too');
      }
    }
    const a = analyzer - this.anchor.analyzer;
    const t = trader - this.anchor.trader;
    if (!this.ignoringTrader && t < a && now - this.traderMovedAt >= this.opts.stallMs) {
      this.ignoringTrader = true;
      this.opts.logger.warn(
        { stallMs: this.opts.stallMs, behind: a - t },
        'trader progress has not moved while the analyzer went on (trader stopped?); pacing on the analyzer alone',
      );
    }
    return (this.last = this.anchor.value + (this.ignoringTrader ? a : Math.min(a, t)));
  }
}
