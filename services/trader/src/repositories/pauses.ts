import { sql } from 'kysely';
import type { DbOrTx, TradingPauseRow } from '@roottrading/db';
import type { PauseScope } from '@roottrading/contracts';

/** Pauses are per mode: the paper account's (demo = true) and the exchange account's (demo = false). */
export async function listActivePauses(db: DbOrTx, demo = true): Promise<TradingPauseRow[]> {
  return db
    .selectFrom('trading_pauses')
    .selectAll()
    .where('demo', '=', demo)
    .where('resumed_at', 'is', null)
    .orderBy('paused_at')
    .orderBy('id')
    .execute();
}

/** Starts a pause; when one of that scope and target is already active, returns it unchanged (created false). */
export async function insertPause(
  db: DbOrTx,
  scope: PauseScope,
  target: string | null,
  by: string,
  demo = true,
  at?: Date,
): Promise<{ pause: TradingPauseRow; created: boolean }> {
  const inserted = await db
    .insertInto('trading_pauses')
    .values({ demo, scope, target, paused_by: by, ...(at ? { paused_at: at } : {}) })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { pause: inserted, created: true };
  const existing = await db
    .selectFrom('trading_pauses')
    .selectAll()
    .where('demo', '=', demo)
    .where('scope', '=', scope)
    .where(sql<string>`coalesce(target, '')`, '=', target ?? '')
    .where('resumed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pause: existing, created: false };
}

/** Ends the active pause of that scope and target; the rows ended (none when it was not paused). */
export async function resumePause(
  db: DbOrTx,
  scope: PauseScope,
  target: string | null,
  by: string,
  demo = true,
): Promise<TradingPauseRow[]> {
  return db
    .updateTable('trading_pauses')
    .set({ resumed_by: by, resumed_at: sql`now()` })
    .where('demo', '=', demo)
    .where('scope', '=', scope)
    .where(sql<string>`coalesce(target, '')`, '=', target ?? '')
    .where('resumed_at', 'is', null)
    .returningAll()
    .execute();
}
