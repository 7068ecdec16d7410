import type { Candle } from '@roottrading/contracts';
import { candleOfRow, candlesAfter, hasCandleFrom, recentCandles, type Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { SymbolAnalyzer } from '@roottrading/strategies';
import { barFromRow } from './bars.js';

/** What a warm-up moves on: a symbol's analyzer, and with it the cross-sections that read the symbol. */
export type WarmTarget = Pick<SymbolAnalyzer, 'symbol' | 'lastStartTime' | 'warm'>;

/** Rows read per query while catching up. */
const PAGE = 5_000;

export interface StoredCandlesOptions {
  db: Db;
  interval: string;
  intervalMs: number;
  logger: Logger;
  /** How long to wait for the gateway to store a candle it has published (it stores in batches). */
  waitMs?: number;
}

/**
 * The candles table as the durable record of the feed: pub/sub loses what is published while the
 * analyzer is down, the gateway's table does not. A restart resumes from it, and a live candle that
 * arrives after a hole (candles published while this process was gone or its subscriber was
 * reconnecting) first has the hole analysed from it, in order — so no candle is skipped.
 */
export class StoredCandles {
  caughtUp = 0;

  constructor(private readonly opts: StoredCandlesOptions) {}

  /**
   * Warms `analyzer` on the stored candles up to and including `resumeAt` (the last it analysed
   * before the restart), then analyses, with signals, every stored candle after it.
   */
  async resume(
    analyzer: WarmTarget,
    resumeAt: number,
    warmupCandles: number,
    analyse: (c: Candle) => void,
    warmed?: (last: Candle) => void,
  ): Promise<number> {
    const { db, interval } = this.opts;
    await this.waitStored(analyzer.symbol, resumeAt);
    const warm = await recentCandles(db, analyzer.symbol, interval, warmupCandles, new Date(resumeAt + 1));
    for (const row of warm) analyzer.warm(barFromRow(row));
    if (warm.length > 0) warmed?.(candleOfRow(warm[warm.length - 1]!));
    const caught = await this.analyseAfter(analyzer.symbol, resumeAt, undefined, analyse);
    this.opts.logger.info(
      { symbol: analyzer.symbol, resumeAt: new Date(resumeAt).toISOString(), warmed: warm.length, caughtUp: caught },
      'resumed from the last analysed candle',
    );
    return warm.length;
  }

  /** Before a live candle: analyses the stored candles between the last one analysed and it, if any are missing. */
  async fillGap(analyzer: WarmTarget, candle: Candle, analyse: (c: Candle) => void): Promise<void> {
    const last = analyzer.lastStartTime;
    if (last === undefined || candle.startTime <= last + this.opts.intervalMs) return;
    await this.waitStored(analyzer.symbol, candle.startTime);
    const filled = await this.analyseAfter(analyzer.symbol, last, candle.startTime - 1, analyse);
    if (filled > 0)
      this.opts.logger.info(
        { symbol: analyzer.symbol, from: new Date(last).toISOString(), candles: filled },
        'candles missed on the feed analysed from the stored ones',
      );
  }

  private async analyseAfter(
    symbol: string,
    after: number,
    through: number | undefined,
    analyse: (c: Candle) => void,
  ): Promise<number> {
    let from = after;
    let total = 0;
    for (;;) {
      const rows = await candlesAfter(this.opts.db, symbol, this.opts.interval, new Date(from), {
        through: through === undefined ? undefined : new Date(through),
        limit: PAGE,
      });
      for (const row of rows) analyse(candleOfRow(row));
      total += rows.length;
      this.caughtUp += rows.length;
      if (rows.length < PAGE) return total;
      from = new Date(rows[rows.length - 1]!.open_time).getTime();
    }
  }

  /** Waits until the candle opening at `openTime` (or a later one) is stored, for at most waitMs. */
  private async waitStored(symbol: string, openTime: number): Promise<void> {
    const deadline = Date.now() + (this.opts.waitMs ?? 10_000);
    while (!(await hasCandleFrom(this.opts.db, symbol, this.opts.interval, new Date(openTime)))) {
      if (Date.now() > deadline) {
        this.opts.logger.warn(
          { symbol, candleAt: new Date(openTime).toISOString() },
          'candle not stored by the gateway in time: going on with the candles that are',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
