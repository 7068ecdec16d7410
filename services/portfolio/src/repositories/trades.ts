import { sql } from 'kysely';
import type { DbOrTx, TradeDbRow } from '@roottrading/db';

export interface TradesFilter {
  demo: boolean;
  symbol?: string;
  side?: 'BUY' | 'SELL';
  strategy?: string;
  limit: number;
  page: number;
}

/** One page of trades, newest first, and the total count matching the filter. */
export async function tradesPage(db: DbOrTx, f: TradesFilter): Promise<{ rows: TradeDbRow[]; total: number }> {
  let base = db.selectFrom('trades').where('demo', '=', f.demo);
  if (f.symbol !== undefined) base = base.where('symbol', '=', f.symbol);
  if (f.side !== undefined) base = base.where('side', '=', f.side);
  if (f.strategy !== undefined) base = base.where('strategy', '=', f.strategy);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset((f.page - 1) * f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export interface QuoteAggregate {
  quote: string;
  trade_count: string;
  realized_pnl: string;
  fees: string;
}

/**
 * Realized PnL, fees and trade count per quote currency, summed exactly by PostgreSQL's NUMERIC.
 * Fees are quote-valued (`fee_quote`, which the trader sets for a fee charged in the base asset
 * too), so cash + cost = starting cash + realized − fees holds per quote; a row without it counts
 * its fee only when charged in the quote.
 */
export async function aggregatesByQuote(db: DbOrTx, demo: boolean): Promise<QuoteAggregate[]> {
  const quote = sql<string>`split_part(symbol, '/', 2)`;
  const feeInQuote = sql`coalesce(fee_quote, case when fee_currency = split_part(symbol, '/', 2) then fee end)`;
  return db
    .selectFrom('trades')
    .select([
      quote.as('quote'),
      sql<string>`count(*)`.as('trade_count'),
      sql<string>`coalesce(sum(realized_pnl), 0)`.as('realized_pnl'),
      sql<string>`coalesce(sum(${feeInQuote}), 0)`.as('fees'),
    ])
    .where('demo', '=', demo)
    .groupBy(quote)
    .execute();
}

/** Positions at cost per quote currency (what the account paid for what it still holds). */
export async function costByQuote(db: DbOrTx, demo: boolean): Promise<Map<string, string>> {
  const quote = sql<string>`split_part(symbol, '/', 2)`;
  const rows = await db
    .selectFrom('positions')
    .select([quote.as('quote'), sql<string>`coalesce(sum(cost), 0)`.as('cost')])
    .where('demo', '=', demo)
    .groupBy(quote)
    .execute();
  return new Map(rows.map((r) => [r.quote, r.cost]));
}

/** What DEMO_BALANCES seeded, per asset: the paper account's starting cash. */
export async function demoStartingBalances(
  db: DbOrTx,
): Promise<Map<string, { initial: string; free: string; locked: string }>> {
  const rows = await db.selectFrom('demo_balances').select(['asset', 'initial', 'free', 'locked']).execute();
  return new Map(rows.map((r) => [r.asset, { initial: r.initial, free: r.free, locked: r.locked }]));
}

/** Trades of the mode, all of them or those whose time falls in [from, to). */
export async function countTrades(db: DbOrTx, demo: boolean, range?: { from: Date; to: Date }): Promise<number> {
  let q = db
    .selectFrom('trades')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('demo', '=', demo);
  if (range) q = q.where('timestamp', '>=', range.from).where('timestamp', '<', range.to);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}
