import { z } from 'zod';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export const intervalSchema = z.string().regex(/^[1-9]\d*[smhdw]$/, 'must be an interval like 1m, 5m, 1h or 1d');
export type Interval = z.infer<typeof intervalSchema>;

export function intervalToMs(interval: string): number {
  const match = /^([1-9]\d*)([smhdw])$/.exec(interval);
  if (!match) throw new Error(`invalid interval "${interval}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** 60000 → "1m"; the largest unit that divides the duration exactly. */
export function msToInterval(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  throw new Error(`${ms} ms is not a whole number of seconds`);
}
