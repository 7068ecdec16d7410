import { sql } from 'kysely';
import type { DbOrTx } from '@roottrading/db';

export interface EquityMarkRow {
  currency: string;
  peak: string;
  /** YYYY-MM-DD */
  day: string;
  dayStart: string;
  /** The equity at the last reading (null when unknown: the next day then starts from its first). */
  last?: string | null;
}

export async function loadEquityMarks(db: DbOrTx, demo = true): Promise<EquityMarkRow[]> {
  const rows = await db
    .selectFrom('equity_marks')
    .select(['currency', 'peak', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'day_start', 'last_equity'])
    .where('demo', '=', demo)
    .execute();
  return rows.map((r) => ({
    currency: r.currency,
    peak: r.peak,
    day: r.day,
    dayStart: r.day_start,
    last: r.last_equity,
  }));
}

export async function saveEquityMarks(db: DbOrTx, marks: readonly EquityMarkRow[], demo = true): Promise<void> {
  if (marks.length === 0) return;
  await db
    .insertInto('equity_marks')
    .values(
      marks.map((m) => ({
        demo,
        currency: m.currency,
        peak: m.peak,
        day: m.day,
        day_start: m.dayStart,
        last_equity: m.last ?? null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['demo', 'currency']).doUpdateSet((eb) => ({
        peak: eb.ref('excluded.peak'),
        day: eb.ref('excluded.day'),
        day_start: eb.ref('excluded.day_start'),
        last_equity: eb.ref('excluded.last_equity'),
      })),
    )
    .execute();
}

export async function deleteEquityMarks(db: DbOrTx): Promise<void> {
  await db.deleteFrom('equity_marks').where('demo', '=', true).execute();
}
