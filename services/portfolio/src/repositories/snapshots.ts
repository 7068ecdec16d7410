import { sql } from 'kysely';
import type { DbOrTx } from '@roottrading/db';

/** The newest balance snapshot the trader stored, so a restarted portfolio has figures before the next publish. */
export async function latestSnapshot(db: DbOrTx, demo: boolean) {
  return db
    .selectFrom('balance_snapshots')
    .select(['taken_at', 'balances', 'totals'])
    .where('demo', '=', demo)
    .orderBy('taken_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest candle time a snapshot of the mode describes (null when none carries one). */
export async function newestSnapshotCandleTime(db: DbOrTx, demo: boolean): Promise<Date | null> {
  const row = await db
    .selectFrom('balance_snapshots')
    .select((eb) => eb.fn.max('candle_time').as('t'))
    .where('demo', '=', demo)
    .executeTakeFirst();
  return row?.t ?? null;
}

/**
 * Every snapshot's `total` in one currency, oldest first, at its candle time (taken_at for rows
 * written before snapshots carried one). `totals` holds the QuoteTotal list the trader stores (or,
 * tolerated, a whole account:total_balance message); PostgreSQL picks the currency out, so only two
 * small columns per snapshot leave the database. Snapshots without that currency are skipped.
 */
export async function equitySamples(
  db: DbOrTx,
  demo: boolean,
  currency: string,
): Promise<{ time: Date; value: string | null }[]> {
  const list = sql`case
      when jsonb_typeof(s.totals) = 'array' then s.totals
      when jsonb_typeof(s.totals -> 'totals') = 'array' then s.totals -> 'totals'
      else '[]'::jsonb end`;
  const { rows } = await sql<{ sample_time: Date; value: string | null }>`
    select coalesce(s.candle_time, s.taken_at) as sample_time, t ->> 'total' as value
    from balance_snapshots s
    cross join lateral jsonb_array_elements(${list}) t
    where s.demo = ${demo} and jsonb_typeof(t) = 'object' and t ->> 'currency' = ${currency}
    order by sample_time, s.id`.execute(db);
  return rows.map((r) => ({ time: r.sample_time, value: r.value }));
}
