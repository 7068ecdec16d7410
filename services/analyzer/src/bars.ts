import type { CandleRow } from '@roottrading/db';
import type { Bar } from '@roottrading/strategies';

/** A stored candle (NUMERIC columns come back as strings) as numbers, for the warm-up. */
export function barFromRow(row: CandleRow): Bar {
  return {
    startTime: new Date(row.open_time).getTime(),
    open: Number(row.open),
    high: Number(row.high),
    low: Number(row.low),
    close: Number(row.close),
    volume: Number(row.volume),
  };
}
