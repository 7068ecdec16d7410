import type { DbOrTx } from '@roottrading/db';

export type OperatorAction =
  'pause' | 'resume' | 'close_all' | 'kill_switch_trip' | 'kill_switch_reset' | 'account_reset';

export interface ActionRow {
  action: OperatorAction;
  actor: string;
  scope?: string | null;
  target?: string | null;
  details?: object;
}

/** The audit trail: who asked for what, and when (the row's `at`, the time it was received); several rows in one statement. */
export async function insertOperatorActions(db: DbOrTx, rows: readonly ActionRow[], demo = true): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('operator_actions')
    .values(
      rows.map((a) => ({
        demo,
        action: a.action,
        actor: a.actor,
        scope: a.scope ?? null,
        target: a.target ?? null,
        details: JSON.stringify(a.details ?? {}),
      })),
    )
    .execute();
}

/** One audit row. */
export async function insertOperatorAction(db: DbOrTx, a: ActionRow, demo = true): Promise<void> {
  await insertOperatorActions(db, [a], demo);
}
