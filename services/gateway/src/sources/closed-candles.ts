import { numberToPlainString, type Candle } from '@roottrading/contracts';

/** ccxt's candle: [open time ms, open, high, low, close, volume]. */
export type Ohlcv = readonly (number | undefined)[];

/**
 * ccxt gives bare arrays with no "closed" flag: a candle is closed once a newer one has opened. The
 * tracker holds the newest (still open) candle per symbol, hands back the ones that closed, and never
 * hands back a candle at or before the last one handed back, so a REST gap fill that overlaps the
 * stream emits nothing twice.
 */
export class ClosedCandleTracker {
  private pending: number[] | undefined;
  private lastClosed: number | undefined;

  /** Open time of the last closed candle handed back. */
  get lastClosedStart(): number | undefined {
    return this.lastClosed;
  }

  /** Open time of the candle still open, if one was seen. */
  get pendingStart(): number | undefined {
    return this.pending?.[0];
  }

  /** Where a REST gap fill must start so that nothing is skipped. */
  resumeFrom(intervalMs: number): number | undefined {
    if (this.pending) return this.pending[0];
    return this.lastClosed === undefined ? undefined : this.lastClosed + intervalMs;
  }

  /** Feeds updates (any order, any overlap); returns the candles that closed, oldest first. */
  push(rows: readonly Ohlcv[]): number[][] {
    const closed: number[][] = [];
    const sorted = rows.length > 1 ? [...rows].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)) : rows;
    for (const raw of sorted) {
      const row = complete(raw);
      if (!row) continue;
      const start = row[0]!;
      if (this.lastClosed !== undefined && start <= this.lastClosed) continue;
      if (this.pending && start < this.pending[0]!) continue;
      if (this.pending && start > this.pending[0]!) {
        closed.push(this.pending);
        this.lastClosed = this.pending[0];
      }
      // ccxt updates its cached rows in place: keep a copy.
      this.pending = row;
    }
    return closed;
  }
}

function complete(row: Ohlcv): number[] | undefined {
  if (row.length < 6) return undefined;
  const values = row.slice(0, 6) as number[];
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? values : undefined;
}

export function ohlcvToCandle(
  row: readonly number[],
  symbol: string,
  interval: string,
  intervalMs: number,
  source: string,
): Candle {
  const [start, open, high, low, close, volume] = row as [number, number, number, number, number, number];
  return {
    symbol,
    interval,
    startTime: start,
    closeTime: start + intervalMs - 1,
    open: numberToPlainString(open),
    high: numberToPlainString(high),
    low: numberToPlainString(low),
    close: numberToPlainString(close),
    volume: numberToPlainString(volume),
    source,
  };
}
