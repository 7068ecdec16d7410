/**
 * Statistics of an equity curve: the backtest's report and the arena's ranking use the same ones.
 * Ratios are plain numbers (statistics over doubles); money stays Decimal everywhere else.
 */
import type { Decimal } from './decimal.js';

const DAY = 86_400_000;
/** Crypto trades every day of the year: daily ratios are annualised by √365. */
export const PERIODS_PER_YEAR = 365;

/** A point of an equity curve: its time (ms) and value. */
export interface EquityValue {
  time: number;
  value: Decimal;
}

/** Each UTC day's return from its last equity point over the previous day's (the first over the starting equity). */
export function dailyReturns(start: number, equity: readonly EquityValue[]): number[] {
  const closes: number[] = [];
  let day: number | null = null;
  for (const p of equity) {
    const d = Math.floor(p.time / DAY);
    if (d === day) closes[closes.length - 1] = p.value.toNumber();
    else closes.push(p.value.toNumber());
    day = d;
  }
  const out: number[] = [];
  let previous = start;
  for (const c of closes) {
    if (previous > 0) out.push(c / previous - 1);
    previous = c;
  }
  return out;
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean daily return over its sample standard deviation, × √365; null under two days or without variation. */
export function sharpe(daily: readonly number[]): number | null {
  if (daily.length < 2) return null;
  const m = mean(daily);
  const sd = Math.sqrt(daily.reduce((a, r) => a + (r - m) ** 2, 0) / (daily.length - 1));
  return sd > 0 ? (m / sd) * Math.sqrt(PERIODS_PER_YEAR) : null;
}

/** Mean daily return over the downside deviation (root mean square of the negative returns, over all days), × √365. */
export function sortino(daily: readonly number[]): number | null {
  if (daily.length < 2) return null;
  const downside = Math.sqrt(daily.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / daily.length);
  return downside > 0 ? (mean(daily) / downside) * Math.sqrt(PERIODS_PER_YEAR) : null;
}

/** The deepest fall from a peak (the start counts as one), in %, and the longest time spent below a peak. */
export function maxDrawdown(start: number, equity: readonly EquityValue[]): { pct: number; durationMs: number } {
  let peak = start;
  let peakTime = equity[0]?.time ?? 0;
  let pct = 0;
  let durationMs = 0;
  for (const p of equity) {
    const v = p.value.toNumber();
    if (v >= peak) {
      peak = v;
      peakTime = p.time;
      continue;
    }
    if (peak > 0) pct = Math.max(pct, ((peak - v) / peak) * 100);
    durationMs = Math.max(durationMs, p.time - peakTime);
  }
  return { pct, durationMs };
}
