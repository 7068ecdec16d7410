import type { UTCTimestamp } from 'lightweight-charts';
import { chartTime } from './chart-theme';

/**
 * Points for a line or area series: one per second at most (the chart's resolution), oldest first
 * as it requires; the latest value of a second wins. Times are epoch ms or ISO strings (what is not
 * a time is skipped); values, decimal strings too, become floats for drawing only.
 */
export function lineData(
  points: Iterable<{ time: number | string; value: number | string }>,
): { time: UTCTimestamp; value: number }[] {
  const bySecond = new Map<number, number>();
  for (const p of points) {
    const ms = typeof p.time === 'number' ? p.time : Date.parse(p.time);
    if (Number.isFinite(ms)) bySecond.set(chartTime(ms), Number(p.value));
  }
  return [...bySecond].sort(([a], [b]) => a - b).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
}
