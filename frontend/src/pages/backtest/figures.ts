import { formatDuration } from '../../format/time';

/** Report figures already in % (12.3456 → "12.35 %"); null → "—". */
export function pctText(pct: number | null | undefined, decimals = 2): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
  return `${pct.toFixed(decimals)} %`;
}

/** A ratio (Sharpe, profit factor) to two decimals; null → "—". */
export function ratioText(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(decimals);
}

/** Milliseconds as "3d 4h", "2h 5m". */
export const durationText = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : formatDuration(ms / 1000);

/** "signal 12 · stop loss 3" */
export function exitReasonsText(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .sort(([, a], [, b]) => b - a)
    .map(([r, n]) => `${r.replace(/_/g, ' ')} ${n}`)
    .join(' · ');
}
