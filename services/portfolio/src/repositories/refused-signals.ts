import { sql } from 'kysely';
import type { DbOrTx } from '@roottrading/db';

export interface RefusedFilter {
  demo: boolean;
  status?: 'rejected' | 'expired';
  /** Contained in the reason, or in its digits-as-"#" form (what the reason counts show). */
  reason?: string;
  symbol?: string;
  strategy?: string;
  from?: Date;
  to?: Date;
}

export interface RefusedRow {
  id: string;
  signal_id: string;
  strategy: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  status: 'rejected' | 'expired';
  reason: string | null;
  created_at: Date;
  candle_time: Date | null;
  price: string | null;
}

/** A reason with its numbers as "#": "signal is 312 s old" and "signal is 45 s old" are one reason. */
const reasonPattern = sql<string>`regexp_replace(coalesce(o.reason, ''), '[0-9]+([.][0-9]+)?', '#', 'g')`;

/** LIKE's own characters taken literally, so "100%" finds "100%". */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function refused(db: DbOrTx, f: RefusedFilter) {
  let q = db
    .selectFrom('orders as o')
    .where('o.demo', '=', f.demo)
    .where('o.signal_id', 'is not', null)
    .where('o.status', 'in', f.status ? [f.status] : ['rejected', 'expired']);
  if (f.symbol !== undefined) q = q.where('o.symbol', '=', f.symbol);
  if (f.strategy !== undefined) q = q.where('o.strategy', '=', f.strategy);
  if (f.from !== undefined) q = q.where('o.created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('o.created_at', '<', f.to);
  if (f.reason !== undefined) {
    const like = likeContaining(f.reason);
    q = q.where(sql<boolean>`(o.reason ilike ${like} or ${reasonPattern} ilike ${like})`);
  }
  return q;
}

/**
 * Signals the trader did not trade — their order refused, or the signal too old — newest first,
 * with the signal's candle and price; the matches counted per reason, most frequent first.
 */
export async function refusedSignalsPage(
  db: DbOrTx,
  f: RefusedFilter & { limit: number; page: number },
): Promise<{ rows: RefusedRow[]; total: number; reasons: { reason: string; count: number }[] }> {
  const base = refused(db, f);
  const [rows, reasons] = await Promise.all([
    base
      .leftJoin('signals as s', 's.id', 'o.signal_id')
      .select([
        'o.id',
        sql<string>`o.signal_id`.as('signal_id'),
        'o.strategy',
        'o.symbol',
        'o.side',
        sql<'rejected' | 'expired'>`o.status`.as('status'),
        'o.reason',
        'o.created_at',
        's.candle_time',
        's.price',
      ])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(f.limit)
      .offset((f.page - 1) * f.limit)
      .execute(),
    base
      .select([reasonPattern.as('reason'), sql<string>`count(*)`.as('n')])
      .groupBy(reasonPattern)
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(reasonPattern)
      .execute(),
  ]);
  const counted = reasons.map((r) => ({ reason: r.reason, count: Number(r.n) }));
  return { rows, total: counted.reduce((n, r) => n + r.count, 0), reasons: counted };
}
