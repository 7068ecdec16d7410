import { recentCandles, type Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { SymbolAnalyzer } from '@roottrading/strategies';
import { barFromRow } from './bars.js';

/**
 * Replays each symbol's most recent stored candles through its strategies without signalling, so
 * after a restart the next live candle can signal at once. Returns how many candles were replayed.
 */
export async function warmUp(
  db: Db,
  analyzers: Iterable<SymbolAnalyzer>,
  interval: string,
  limit: number,
  logger: Logger,
): Promise<number> {
  let total = 0;
  for (const analyzer of analyzers) {
    const rows = await recentCandles(db, analyzer.symbol, interval, limit);
    for (const row of rows) analyzer.warm(barFromRow(row));
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
