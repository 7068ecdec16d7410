import type { Range } from '../indicators/atr.js';
import { readMarketRows } from './market-data.js';

/*
 * Whole-series ("textbook") versions of the indicators, written from their definitions with plain
 * arrays, independent of the streaming classes they check.
 */

export type Series = (number | undefined)[];

/** The real candles of a pair as numbers. */
export function realBars(symbol = 'BTC/USDC'): { high: number; low: number; close: number }[] {
  return readMarketRows(symbol).map((r) => ({ high: Number(r.high), low: Number(r.low), close: Number(r.close) }));
}

/** EMA: the mean of the first `period` values (skipping leading gaps), then α·x + (1 − α)·EMA, α = 2/(n + 1). */
export function textbookEma(values: Series, period: number): Series {
  const out: Series = values.map(() => undefined);
  const first = values.findIndex((v) => v !== undefined);
  if (first < 0 || first + period > values.length) return out;
  let ema = values.slice(first, first + period).reduce<number>((sum, v) => sum + v!, 0) / period;
  out[first + period - 1] = ema;
  const alpha = 2 / (period + 1);
  for (let i = first + period; i < values.length; i++) out[i] = ema = alpha * values[i]! + (1 - alpha) * ema;
  return out;
}

/**
 * Wilder ATR: the true ranges from the second candle on, the first ATR the plain mean of the first
 * `period` of them, then ATR = (ATR·(period − 1) + TR) / period.
 */
export function textbookAtr(bars: Range[], period: number): Series {
  const tr = bars.map((b, i) => {
    if (i === 0) return undefined;
    const pc = bars[i - 1]!.close;
    return Math.max(b.high - b.low, Math.abs(b.high - pc), Math.abs(b.low - pc));
  });
  const out: Series = bars.map(() => undefined);
  let atr = tr.slice(1, period + 1).reduce<number>((sum, x) => sum + x!, 0) / period;
  out[period] = atr;
  for (let i = period + 1; i < bars.length; i++) out[i] = atr = (atr * (period - 1) + tr[i]!) / period;
  return out;
}

/**
 * Throws unless `got` has a value exactly where `want` does, each within 1e-9 · max(1, |want|);
 * returns how many values were compared.
 */
export function expectSeriesClose(got: Series, want: Series): number {
  if (got.length !== want.length) throw new Error(`${got.length} values, want ${want.length}`);
  let compared = 0;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (w === undefined || g === undefined) {
      if (g !== w) throw new Error(`at ${i}: got ${g}, want ${w}`);
      continue;
    }
    const error = Math.abs(g - w) / Math.max(1, Math.abs(w));
    if (!(error <= worst)) [worst, worstAt] = [error, i];
    compared++;
  }
  if (!(worst <= 1e-9)) throw new Error(`at ${worstAt}: got ${got[worstAt]}, want ${want[worstAt]}`);
  return compared;
}
