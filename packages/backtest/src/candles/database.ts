import type { Candle } from '@roottrading/contracts';
import { candleSpan, candlesBetween, type CandleRow, type Db } from '@roottrading/db';
import type { CandleFeed, Period } from './sources.js';

/** Candle times read per query: a few thousand rows at a time, never the whole table. */
const WINDOW_CANDLES = 2_000;

/** A numeric column's text without the scale's trailing zeros ("28000.500000" → "28000.5"). */
const trim = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

function candleOf(row: CandleRow): Candle {
  return {
    symbol: row.symbol,
    interval: row.interval,
    startTime: new Date(row.open_time).getTime(),
    closeTime: new Date(row.close_time).getTime(),
    open: trim(String(row.open)),
    high: trim(String(row.high)),
    low: trim(String(row.low)),
    close: trim(String(row.close)),
    volume: trim(String(row.volume)),
    source: row.source,
  };
}

/** The `candles` table's candles of SYMBOLS in the period, read window by window, in market order. */
export async function databaseFeed(
  db: Db,
  symbols: readonly string[],
  interval: string,
  intervalMs: number,
  period: Period,
): Promise<CandleFeed> {
  const span = await candleSpan(
    db,
    symbols,
    interval,
    period.from === undefined ? undefined : new Date(period.from),
    period.to === undefined ? undefined : new Date(period.to),
  );
  const rank = new Map(symbols.map((s, i) => [s, i]));
  async function* batches(): AsyncGenerator<Candle[]> {
    if (!span) return;
    const end = span.last.getTime() + 1;
    for (let from = span.first.getTime(); from < end; from += WINDOW_CANDLES * intervalMs) {
      const to = Math.min(end, from + WINDOW_CANDLES * intervalMs);
      const rows = await candlesBetween(db, symbols, interval, new Date(from), new Date(to));
      let batch: Candle[] = [];
      for (const row of rows) {
        const candle = candleOf(row);
        if (batch.length > 0 && batch[0]!.startTime !== candle.startTime) {
          yield batch.sort((a, b) => rank.get(a.symbol)! - rank.get(b.symbol)!);
          batch = [];
        }
        batch.push(candle);
      }
      if (batch.length > 0) yield batch.sort((a, b) => rank.get(a.symbol)! - rank.get(b.symbol)!);
    }
  }
  return {
    source: 'database candles',
    total: span?.count ?? 0,
    span: span ? { first: span.first.getTime(), last: span.last.getTime() } : null,
    batches: batches(),
  };
}
