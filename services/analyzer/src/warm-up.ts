import type { Candle } from '@roottrading/contracts';
import { candleOfRow, recentCandles, type Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { barFromRow } from './bars.js';
import type { StoredCandles, WarmTarget } from './stored-candles.js';

export interface WarmUpOptions {
  /** The last candle analysed before a restart, per symbol (see resumePoints). */
  resumeAt: ReadonlyMap<string, number>;
  stored: StoredCandles;
  /** Analyses a stored candle missed while the service was down, with its signals. */
  analyse: (candle: Candle) => void;
  /** The last candle a symbol was warmed up on: what the next one is checked against (CandleGate). */
  warmed?: (last: Candle) => void;
}

/**
 * Gets each symbol's strategies ready for the next live candle. A symbol analysed before (a
 * restart) is warmed up to its last analysed candle and then catches up on every candle stored
 * since, signalling as it would have live. A symbol never analysed replays its most recent stored
 * candles without signalling, so the next live candle can signal at once. Returns how many candles
 * were replayed to warm up.
 */
export async function warmUp(
  db: Db,
  analyzers: Iterable<WarmTarget>,
  interval: string,
  limit: number,
  logger: Logger,
  resume: WarmUpOptions,
): Promise<number> {
  let total = 0;
  for (const analyzer of analyzers) {
    const resumeAt = resume.resumeAt.get(analyzer.symbol);
    if (resumeAt !== undefined) {
      total += await resume.stored.resume(analyzer, resumeAt, limit, resume.analyse, resume.warmed);
      continue;
    }
    const rows = await recentCandles(db, analyzer.symbol, interval, limit);
    for (const row of rows) analyzer.warm(barFromRow(row));
    if (rows.length > 0) resume.warmed?.(candleOfRow(rows[rows.length - 1]!));
    total += rows.length;
    const last = analyzer.lastStartTime;
    logger.info(
      {
        symbol: analyzer.symbol,
        candles: rows.length,
        lastCandleAt: last === undefined ? null : new Date(last).toISOString(),
      },
      'warmed up from stored candles',
    );
  }
  return total;
}
