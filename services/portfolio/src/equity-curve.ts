import { dec, toPlain, type Decimal } from '@roottrading/accounting';

/** One balance snapshot's value in the chosen currency, at its candle time (or wall time for older rows). */
export interface EquitySample {
  time: Date;
  value: string;
}

export interface Drawdown {
  /** The highest value of the whole series. */
  peak: Decimal;
  /** The largest fall from a running peak, as a fraction of that peak (0 when the series never fell). */
  fraction: Decimal;
  /** The same fall in the currency. */
  amount: Decimal;
  /** Where that fall started and bottomed out (equal when there was none). */
  peakIndex: number;
  troughIndex: number;
  highIndex: number;
  lowIndex: number;
}

/**
 * Running-peak drawdown over every sample. The fraction and the amount describe the same fall —
 * the one largest as a fraction — so "25 % = 30 USDC" reads as one event; the first such fall wins
 * a tie. A running peak ≤ 0 gives no fraction (nothing to divide by), so such a stretch is skipped.
 */
export function drawdown(values: readonly Decimal[]): Drawdown | null {
  const first = values[0];
  if (first === undefined) return null;
  let runningPeak = first;
  let runningPeakIndex = 0;
  let best = { fraction: dec(0), amount: dec(0), peakIndex: 0, troughIndex: 0 };
  let highIndex = 0;
  let lowIndex = 0;
  values.forEach((v, i) => {
    if (v.gt(runningPeak)) {
      runningPeak = v;
      runningPeakIndex = i;
    } else if (runningPeak.gt(0)) {
      const amount = runningPeak.minus(v);
      const fraction = amount.div(runningPeak);
      if (fraction.gt(best.fraction)) best = { fraction, amount, peakIndex: runningPeakIndex, troughIndex: i };
    }
    if (v.gt(values[highIndex]!)) highIndex = i;
    if (v.lt(values[lowIndex]!)) lowIndex = i;
  });
  return { peak: values[highIndex]!, ...best, highIndex, lowIndex };
}

/**
 * At most `limit` indices of a series of `n`, in order. `keep` lists indices that must stay, most
 * important first (as many as fit); the remaining slots are spread evenly over the other indices
 * (the middle of each of `limit − kept` equal runs), so a long flat stretch and a busy one are
 * sampled alike by position in the series.
 */
export function downsampleIndices(n: number, limit: number, keep: readonly number[]): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (const i of keep) {
    if (chosen.size >= limit) break;
    if (Number.isInteger(i) && i >= 0 && i < n) chosen.add(i);
  }
  const slots = limit - chosen.size;
  if (slots > 0) {
    const others: number[] = [];
    for (let i = 0; i < n; i++) if (!chosen.has(i)) others.push(i);
    // others.length ≥ slots, so the step is ≥ 1 and every pick is a different index.
    for (let j = 0; j < slots; j++) chosen.add(others[Math.floor(((j + 0.5) * others.length) / slots)]!);
  }
  return [...chosen].sort((a, b) => a - b);
}

export interface EquityCurveBody {
  points: { time: string; value: string }[];
  peak: string | null;
  maxDrawdown: string | null;
  maxDrawdownValue: string | null;
}

/**
 * The curve as the API gives it: at most `limit` points, always the last (the value now), the first,
 * the max drawdown's trough and peak, and the series' high and low, in that order of priority; the
 * drawdown is computed over every sample, not the shown ones.
 */
export function buildEquityCurve(samples: readonly EquitySample[], limit: number): EquityCurveBody {
  const values = samples.map((s) => dec(s.value));
  const dd = drawdown(values);
  if (!dd) return { points: [], peak: null, maxDrawdown: null, maxDrawdownValue: null };
  const last = samples.length - 1;
  const keep = [last, 0, dd.troughIndex, dd.peakIndex, dd.highIndex, dd.lowIndex];
  const points = downsampleIndices(samples.length, limit, keep).map((i) => ({
    time: samples[i]!.time.toISOString(),
    value: toPlain(values[i]!),
  }));
  return {
    points,
    peak: toPlain(dd.peak),
    maxDrawdown: toPlain(dd.fraction),
    maxDrawdownValue: toPlain(dd.amount),
  };
}
