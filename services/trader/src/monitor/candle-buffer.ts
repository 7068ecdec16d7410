import type { Candle } from '@roottrading/contracts';

/** A candle as the monitor needs it. */
export interface BufferedCandle {
  startTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
}

/**
 * The most recent candles per symbol, as they arrived on the market channel. A position opened
 * from a signal the trader reads late (its stream lags behind the market at max speed) is checked
 * against the candles it missed, from here, so whether a stop was hit never depends on the lag.
 */
export class CandleBuffer {
  private readonly bySymbol = new Map<string, BufferedCandle[]>();

  constructor(private readonly capacity = 1_000) {}

  add(candle: Candle | (BufferedCandle & { symbol: string })): void {
    const list = this.bySymbol.get(candle.symbol) ?? [];
    const c: BufferedCandle = {
      startTime: candle.startTime,
      closeTime: candle.closeTime,
      open: candle.open,
      high: candle.high,
      low: candle.low,
    };
    const last = list.at(-1);
    if (!last || c.startTime > last.startTime) list.push(c);
    else insertInOrder(list, c); // a re-sent or late candle: keep the list sorted and unique
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
    this.bySymbol.set(candle.symbol, list);
  }

  /** Candles with after < startTime ≤ upTo, oldest first. */
  between(symbol: string, after: number, upTo: number): BufferedCandle[] {
    const list = this.bySymbol.get(symbol);
    if (!list || list.length === 0) return [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.startTime <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: BufferedCandle[] = [];
    for (let i = lo; i < list.length && list[i]!.startTime <= upTo; i++) out.push(list[i]!);
    return out;
  }

  oldest(symbol: string): BufferedCandle | undefined {
    return this.bySymbol.get(symbol)?.[0];
  }

  newest(symbol: string): BufferedCandle | undefined {
    return this.bySymbol.get(symbol)?.at(-1);
  }
}

function insertInOrder(list: BufferedCandle[], c: BufferedCandle): void {
  const i = list.findIndex((x) => x.startTime >= c.startTime);
  if (i === -1) list.push(c);
  else if (list[i]!.startTime === c.startTime) list[i] = c;
  else list.splice(i, 0, c);
}
