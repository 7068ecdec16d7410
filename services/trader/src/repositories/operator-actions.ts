import type { DbOrTx } from '@roottrading/db';

export type OperatorAction = 'pause' | 'resume' | 'close_all' | 'kill_switch_trip' | 'kill_switch_reset';

/** The audit trail: who asked for what, and when (the row's `at`). */
export async function insertOperatorAction(
  db: DbOrTx,
  a: { action: OperatorAction; actor: string; scope?: string | null; target?: string | null; details?: object },
  demo = true,
): Promise<void> {
  await db
    .insertInto('operator_actions')
    .values({
      demo,
      action: a.action,
      actor: a.actor,
      scope: a.scope ?? null,
      target: a.target ?? null,
      details: JSON.stringify(a.details ?? {}),
    })
    .execute();
}
