import { dec, toPlain, type Decimal } from '@roottrading/accounting';

/** Per quote currency: the highest equity seen and where the current UTC candle day started. */
export interface EquityMark {
  peak: Decimal;
  /** YYYY-MM-DD, the UTC day of candle time that `dayStart` belongs to. */
  day: string;
  dayStart: Decimal;
  /** The equity at the previous evaluation (in memory only): the next day starts from it. */
  last: Decimal | null;
}

export interface LossLimits {
  /** % of the day's starting equity; 0 = off. */
  dailyLossPct: Decimal;
  /** % of peak equity; 0 = off. */
  maxDrawdownPct: Decimal;
}

export interface EquityObservation {
  mark: EquityMark;
  /** peak, day or dayStart moved: worth persisting. */
  changed: boolean;
  /** Why the kill switch must trip, if a limit is reached. */
  breach: string | null;
}

/** The UTC day of a candle time, YYYY-MM-DD: a replay of 21 days has 21 of them, however fast it runs. */
export function utcDay(ms: number): string {
  // Asked on every candle and the answer changes once a day: the last one is kept (pure, so a memo).
  const n = Math.floor(ms / DAY_MS);
  if (n !== lastDay.n) lastDay = { n, text: new Date(n * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

const DAY_MS = 86_400_000;
let lastDay = { n: Number.NaN, text: '' };

/**
 * One equity reading of one quote currency at a candle time. A new UTC day starts from the last
 * equity of the previous one (the moment the day began), the peak only rises, and a loss that
 * reaches a limit — from the day's start, or from the peak — is a breach.
 */
export function observeEquity(
  currency: string,
  previous: EquityMark | undefined,
  equity: Decimal,
  day: string,
  limits: LossLimits,
): EquityObservation {
  let mark: EquityMark;
  let changed = false;
  if (!previous) {
    mark = { peak: equity, day, dayStart: equity, last: equity };
    changed = true;
  } else {
    mark = { ...previous, last: equity };
    if (day > previous.day) {
      mark.day = day;
      mark.dayStart = previous.last ?? equity;
      changed = true;
    }
    if (equity.gt(mark.peak)) {
      mark.peak = equity;
      changed = true;
    }
  }

  // Called on every candle: compare against the floors (a multiplication), divide only on a breach.
  let breach: string | null = null;
  if (reached(mark.dayStart, equity, limits.dailyLossPct)) {
    breach =
      `daily loss of ${pct(lossPct(mark.dayStart, equity))} in ${currency} on ${mark.day} (from ${toPlain(mark.dayStart)} to ` +
      `${toPlain(equity)}) reached DAILY_LOSS_LIMIT_PCT ${toPlain(limits.dailyLossPct)}`;
  } else if (reached(mark.peak, equity, limits.maxDrawdownPct)) {
    breach =
      `drawdown of ${pct(lossPct(mark.peak, equity))} in ${currency} (from the peak ${toPlain(mark.peak)} to ${toPlain(equity)}) ` +
      `reached MAX_DRAWDOWN_PCT ${toPlain(limits.maxDrawdownPct)}`;
  }
  return { mark, changed, breach };
}

/**
 * Has `now` fallen `limitPct` % or more below `from`? Never with the limit off (0) or nothing to lose
 * from. (from − now)·100 ≥ from·limit is now ≤ from·(100 − limit)/100: that floor is worked out once
 * per `from` (a peak or a day's start changes seldom) and each candle's equity is one comparison.
 */
function reached(from: Decimal, now: Decimal, limitPct: Decimal): boolean {
  const floor = floorOf(from, limitPct);
  return floor !== null && now.lte(floor);
}

/** The floor per starting point and limit (both immutable Decimals); null when the rule cannot trip. */
const floors = new WeakMap<Decimal, WeakMap<Decimal, Decimal | null>>();

function floorOf(from: Decimal, limitPct: Decimal): Decimal | null {
  let byLimit = floors.get(from);
  if (!byLimit) floors.set(from, (byLimit = new WeakMap()));
  let floor = byLimit.get(limitPct);
  if (floor === undefined) {
    floor = limitPct.lte(0) || from.lte(0) ? null : from.mul(dec(100).minus(limitPct)).div(100);
    byLimit.set(limitPct, floor);
  }
  return floor;
}

/** How far `now` is below `from`, in % of `from`. */
function lossPct(from: Decimal, now: Decimal): Decimal {
  return from.minus(now).div(from).mul(100);
}

function pct(v: Decimal): string {
  return `${v.toDecimalPlaces(2).toFixed()}%`; // half-even, the Decimal default
}
