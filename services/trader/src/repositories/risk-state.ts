import { sql } from 'kysely';
import type { DbOrTx, RiskStateRow } from '@roottrading/db';

export async function loadRiskState(db: DbOrTx): Promise<RiskStateRow | undefined> {
  return db.selectFrom('risk_state').selectAll().where('demo', '=', true).executeTakeFirst();
}

/** Sets the kill switch; one already active keeps its first reason and time. */
export async function tripKillSwitch(db: DbOrTx, reason: string, at: Date): Promise<RiskStateRow> {
  await db
    .insertInto('risk_state')
    .values({ demo: true, kill_switch: true, kill_reason: reason, tripped_at: at })
    .onConflict((oc) =>
      oc
        .column('demo')
        .doUpdateSet({ kill_switch: true, kill_reason: reason, tripped_at: at })
        .where('risk_state.kill_switch', '=', false),
    )
    .execute();
  return db.selectFrom('risk_state').selectAll().where('demo', '=', true).executeTakeFirstOrThrow();
}

/** Clears the kill switch, recording who did and when; the trip's reason and time stay for the record. */
export async function resetKillSwitch(db: DbOrTx, by: string, at: Date): Promise<RiskStateRow> {
  return db
    .insertInto('risk_state')
    .values({ demo: true, kill_switch: false, reset_by: by, reset_at: at })
    .onConflict((oc) =>
      oc.column('demo').doUpdateSet({ kill_switch: false, reset_by: by, reset_at: sql`excluded.reset_at` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
