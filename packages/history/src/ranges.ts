/** Open times as epoch ms. Weekly candles open on Mondays (binance's and ccxt's), 4 days after the epoch's Thursday. */
const WEEK_MS = 604_800_000;
const MONDAY_OFFSET_MS = 4 * 86_400_000;

/** Where interval boundaries sit relative to the epoch. */
export function intervalOffset(intervalMs: number): number {
  return intervalMs % WEEK_MS === 0 ? MONDAY_OFFSET_MS : 0;
}

/** The first interval boundary at or after `t`. */
export function alignUp(t: number, intervalMs: number): number {
  const offset = intervalOffset(intervalMs);
  return Math.ceil((t - offset) / intervalMs) * intervalMs + offset;
}

/** The last interval boundary at or before `t`: at `now`, the open time of the candle still forming. */
export function alignDown(t: number, intervalMs: number): number {
  const offset = intervalOffset(intervalMs);
  return Math.floor((t - offset) / intervalMs) * intervalMs + offset;
}

/** 1700000000000 → "2023-11-14T22:13:20Z": what every message and summary shows. */
export const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** Open times [from, to) not stored yet; `storedBefore`/`storedAfter`: a stored candle borders it there. */
export interface Hole {
  from: number;
  to: number;
  storedBefore: boolean;
  storedAfter: boolean;
}

/**
 * What a download still has to fetch in [from, end): the complement of the stored runs. Fetching the
 * holes, not just what follows the newest stored candle, means candles a gateway stored live (later
 * in the range) do not hide the history before them.
 */
export function holesBetween(
  runs: readonly { first: number; last: number }[],
  from: number,
  end: number,
  intervalMs: number,
): Hole[] {
  const holes: Hole[] = [];
  let cursor = from;
  for (const run of runs) {
    if (run.first > cursor) holes.push({ from: cursor, to: run.first, storedBefore: cursor > from, storedAfter: true });
    cursor = Math.max(cursor, run.last + intervalMs);
  }
  if (cursor < end) holes.push({ from: cursor, to: end, storedBefore: cursor > from, storedAfter: false });
  return holes;
}

/** Candles the exchange does not have between two it has: first and last missing open time. */
export interface Gap {
  first: number;
  last: number;
  candles: number;
}

/** The gaps seen, in time order: reported, never filled. */
export class GapLog {
  readonly gaps: Gap[] = [];
  missing = 0;

  constructor(private readonly intervalMs: number) {}

  /** Between a candle at `before` and the next at `after` (both open times): a gap when more than one interval apart. */
  between(before: number, after: number): void {
    if (after - before <= this.intervalMs) return;
    const gap = { first: before + this.intervalMs, last: after - this.intervalMs, candles: 0 };
    gap.candles = (gap.last - gap.first) / this.intervalMs + 1;
    this.gaps.push(gap);
    this.missing += gap.candles;
  }

  /** "none", or the count and the first few ranges. */
  describe(shown = 3): string {
    if (this.gaps.length === 0) return 'none';
    const ranges = this.gaps
      .slice(0, shown)
      .map((g) => (g.candles === 1 ? iso(g.first) : `${iso(g.first)}–${iso(g.last)}`));
    const more = this.gaps.length > shown ? `, and ${this.gaps.length - shown} more` : '';
    const n = `${this.gaps.length} (${this.missing} candle${this.missing === 1 ? '' : 's'} missing)`;
    return `${n}: ${ranges.join(', ')}${more}`;
  }
}
