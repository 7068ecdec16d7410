import { numberToPlainString } from '@roottrading/contracts';
import { ExchangeDataError } from './errors.js';
import { intervalOffset, iso } from './ranges.js';

/** One checked candle: prices and volume as the exact decimal strings of the numbers ccxt parsed. */
export interface CheckedCandle {
  t: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** What a page was asked for: open times in [since, until), each after `after` (the candle before it, if any). */
export interface PageBounds {
  symbol: string;
  interval: string;
  intervalMs: number;
  since: number;
  until: number;
  after: number | undefined;
}

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Checks every row of one fetchOHLCV reply; the first bad one throws, so nothing of the page is kept. */
export function checkPage(rows: readonly unknown[], bounds: PageBounds): CheckedCandle[] {
  const out: CheckedCandle[] = [];
  let previous = bounds.after;
  for (const row of rows) {
    const candle = checkRow(row, bounds, previous);
    out.push(candle);
    previous = candle.t;
  }
  return out;
}

function checkRow(row: unknown, b: PageBounds, previous: number | undefined): CheckedCandle {
  const fail = (time: string, problem: string): never => {
    throw new ExchangeDataError(`${b.symbol} ${b.interval} candle ${time}: ${problem}`);
  };
  if (!Array.isArray(row) || row.length < 6) {
    return fail('?', `not an [open time, open, high, low, close, volume] row (got ${JSON.stringify(row)})`);
  }
  const [t, ...values] = row as unknown[];
  if (typeof t !== 'number' || !Number.isSafeInteger(t))
    return fail(String(t), 'the open time is not whole milliseconds');
  const at = iso(t);
  const n = {} as Record<(typeof FIELDS)[number], number>;
  FIELDS.forEach((field, i) => {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(at, `${field} is not a finite number (got ${String(v)})`);
    n[field] = v as number;
  });
  const show = (v: number) => numberToPlainString(v);
  if ((t - intervalOffset(b.intervalMs)) % b.intervalMs !== 0)
    fail(at, `the open time is not on a ${b.interval} boundary`);
  if (t < b.since || t >= b.until)
    fail(at, `the open time is outside the range asked for, ${iso(b.since)} to ${iso(b.until)}`);
  if (previous !== undefined && t <= previous)
    fail(at, `the open time is not after the previous candle's ${iso(previous)}`);
  if (!(n.low > 0)) fail(at, `low ${show(n.low)} is not above zero`);
  if (n.high < n.open || n.high < n.close) {
    fail(
      at,
      `high ${show(n.high)} is below the ${n.high < n.open ? `open ${show(n.open)}` : `close ${show(n.close)}`}`,
    );
  }
  if (n.low > n.open || n.low > n.close) {
    fail(at, `low ${show(n.low)} is above the ${n.low > n.open ? `open ${show(n.open)}` : `close ${show(n.close)}`}`);
  }
  if (n.volume < 0) fail(at, `volume ${show(n.volume)} is negative`);
  return {
    t,
    open: show(n.open),
    high: show(n.high),
    low: show(n.low),
    close: show(n.close),
    volume: show(n.volume),
  };
}
