import { sql } from 'kysely';
import type { ClosedPositionRow, DbOrTx, ExitReason } from '@roottrading/db';
import type { ClosedAggregate } from '../pnl-stats.js';

export interface ClosedPositionsFilter {
  demo: boolean;
  symbol?: string;
  strategy?: string;
  exitReason?: ExitReason;
  /** Closed at or after. */
  from?: Date;
  /** Closed before. */
  to?: Date;
}

function filtered(db: DbOrTx, f: ClosedPositionsFilter) {
  let base = db.selectFrom('closed_positions').where('demo', '=', f.demo);
  if (f.symbol !== undefined) base = base.where('symbol', '=', f.symbol);
  if (f.strategy !== undefined) base = base.where('strategy', '=', f.strategy);
  if (f.exitReason !== undefined) base = base.where('exit_reason', '=', f.exitReason);
  if (f.from !== undefined) base = base.where('closed_at', '>=', f.from);
  if (f.to !== undefined) base = base.where('closed_at', '<', f.to);
  return base;
}

/** One page of closed positions, newest closed first, and the total count matching the filter. */
export async function closedPositionsPage(
  db: DbOrTx,
  f: ClosedPositionsFilter & { limit: number; page: number },
): Promise<{ rows: ClosedPositionRow[]; total: number }> {
  const base = filtered(db, f);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('closed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset((f.page - 1) * f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Every closed position matching the filter, newest closed first, at most `max` (an export). */
export async function closedPositionsUpTo(
  db: DbOrTx,
  f: ClosedPositionsFilter,
  max: number,
): Promise<ClosedPositionRow[]> {
  return filtered(db, f).selectAll().orderBy('closed_at', 'desc').orderBy('id', 'desc').limit(max).execute();
}

export type PnlGrouping = 'symbol' | 'strategy';

/**
 * Counts and exact NUMERIC sums of closed positions per symbol, or per strategy and quote currency
 * (amounts in two currencies are never added together). Win: net PnL > 0; loss: net ≤ 0.
 */
export async function closedAggregates(
  db: DbOrTx,
  demo: boolean,
  by: PnlGrouping,
): Promise<(ClosedAggregate & { key: string })[]> {
  const key = by === 'symbol' ? sql<string>`symbol` : sql<string>`strategy`;
  const currency = sql<string>`split_part(symbol, '/', 2)`;
  const rows = await db
    .selectFrom('closed_positions')
    .select([
      key.as('key'),
      currency.as('currency'),
      sql<string>`count(*)`.as('trades'),
      sql<string>`count(*) filter (where net_pnl > 0)`.as('wins'),
      sql<string>`sum(gross_pnl)`.as('gross'),
      sql<string>`sum(net_pnl)`.as('net'),
      sql<string>`sum(fees)`.as('fees'),
      sql<string>`coalesce(sum(net_pnl) filter (where net_pnl > 0), 0)`.as('winning'),
      sql<string>`coalesce(sum(net_pnl) filter (where net_pnl <= 0), 0)`.as('losing'),
    ])
    .where('demo', '=', demo)
    .groupBy([key, currency])
    .orderBy(key)
    .orderBy(currency)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    currency: r.currency,
    trades: Number(r.trades),
    wins: Number(r.wins),
    grossPnl: r.gross,
    netPnl: r.net,
    fees: r.fees,
    winningNet: r.winning,
    losingNet: r.losing,
  }));
}

/** Closed positions of the mode and how many of them won (net PnL > 0). */
export async function closedWinCount(db: DbOrTx, demo: boolean): Promise<{ closed: number; wins: number }> {
  const row = await db
    .selectFrom('closed_positions')
    .select([sql<string>`count(*)`.as('closed'), sql<string>`count(*) filter (where net_pnl > 0)`.as('wins')])
    .where('demo', '=', demo)
    .executeTakeFirstOrThrow();
  return { closed: Number(row.closed), wins: Number(row.wins) };
}

export interface ProfitBucketRow {
  start: Date;
  currency: string;
  trades: number;
  gross: string;
  fees: string;
  net: string;
}

/**
 * Closed positions summed exactly per UTC day, ISO week (Monday) or month of their close and per
 * quote currency (USDC and USDT are never added together), oldest first.
 */
export async function profitBuckets(
  db: DbOrTx,
  demo: boolean,
  period: 'day' | 'week' | 'month',
): Promise<ProfitBucketRow[]> {
  // date_trunc on the UTC wall time, turned back into an instant: buckets never follow the server's
  // zone. A literal, not a parameter: the select and the group by must be the very same expression.
  const start = sql<Date>`(date_trunc(${sql.lit(period)}, closed_at at time zone 'UTC') at time zone 'UTC')`;
  const currency = sql<string>`split_part(symbol, '/', 2)`;
  const rows = await db
    .selectFrom('closed_positions')
    .select([
      start.as('start'),
      currency.as('currency'),
      sql<string>`count(*)`.as('trades'),
      sql<string>`sum(gross_pnl)`.as('gross'),
      sql<string>`sum(fees)`.as('fees'),
      sql<string>`sum(net_pnl)`.as('net'),
    ])
    .where('demo', '=', demo)
    .groupBy([start, currency])
    .orderBy(start)
    .orderBy(currency)
    .execute();
  return rows.map((r) => ({ ...r, trades: Number(r.trades) }));
}

/** Net PnL of the positions each strategy closed per UTC day and quote currency, oldest first: the arena's equity curves. */
export async function dailyClosedResults(
  db: DbOrTx,
  demo: boolean,
): Promise<{ strategy: string; quote: string; day: Date; net: string }[]> {
  const quote = sql<string>`split_part(symbol, '/', 2)`;
  const day = sql<Date>`date_trunc('day', closed_at, 'UTC')`;
  const rows = await db
    .selectFrom('closed_positions')
    .select(['strategy', quote.as('quote'), day.as('day'), sql<string>`sum(net_pnl)`.as('net')])
    .where('demo', '=', demo)
    .groupBy(['strategy', quote, day])
    .orderBy('strategy')
    .orderBy(quote)
    .orderBy(day)
    .execute();
  return rows.map((r) => ({ strategy: r.strategy, quote: r.quote, day: new Date(r.day), net: r.net }));
}
