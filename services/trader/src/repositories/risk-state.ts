import { sql } from 'kysely';
import type { DbOrTx, RiskStateRow } from '@roottrading/db';

/** One row per mode: the paper account's (demo = true) and the exchange account's (demo = false). */
export async function loadRiskState(db: DbOrTx, demo = true): Promise<RiskStateRow | undefined> {
  return db.selectFrom('risk_state').selectAll().where('demo', '=', demo).executeTakeFirst();
}

/** Clears the kill switch, recording who did and when; the trip's reason and time stay for the record. */
export async function resetKillSwitch(db: DbOrTx, by: string, at: Date, demo = true): Promise<RiskStateRow> {
  return db
    .insertInto('risk_state')
    .values({ demo, kill_switch: false, reset_by: by, reset_at: at })
    .onConflict((oc) =>
      oc.column('demo').doUpdateSet({ kill_switch: false, reset_by: by, reset_at: sql`excluded.reset_at` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
