import { compareDecimals, ratio, subDecimals } from '../format/decimal';

export interface DrawdownPoint {
  /** Epoch ms. */
  time: number;
  /** How far below its peak so far the equity is, in % (0 at a new peak, negative below it). */
  pct: number;
}

/**
 * Drawdown from the equity points, as the report measures it: the starting equity counts as the
 * first peak; peaks are found by comparing the decimal strings exactly, and only the fall below the
 * peak, a ratio, becomes a number for drawing.
 */
export function drawdownOf(start: string, points: readonly { time: string; value: string }[]): DrawdownPoint[] {
  let peak = start;
  const out: DrawdownPoint[] = [];
  for (const p of points) {
    const time = Date.parse(p.time);
    if (!Number.isFinite(time)) continue;
    if (compareDecimals(p.value, peak) >= 0) peak = p.value;
    const fall = ratio(subDecimals(peak, p.value), peak);
    out.push({ time, pct: fall === null || fall === 0 ? 0 : -fall * 100 });
  }
  return out;
}
