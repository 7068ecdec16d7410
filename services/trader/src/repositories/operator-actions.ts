import type { OperatorActionKind } from '@roottrading/contracts';
import type { DbOrTx } from '@roottrading/db';

export type OperatorAction = OperatorActionKind;

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

export interface StoredAction {
  id: string;
  at: Date;
  action: OperatorAction;
  actor: string;
  scope: string | null;
  target: string | null;
  details: Record<string, unknown>;
}

/** One page of the account's audit trail, newest first (rows written together keep their order), and how many there are. */
export async function listOperatorActions(
  db: DbOrTx,
  page: { limit: number; offset: number },
  demo = true,
): Promise<{ rows: StoredAction[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('operator_actions')
      .select(['id', 'at', 'action', 'actor', 'scope', 'target', 'details'])
      .where('demo', '=', demo)
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('operator_actions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('demo', '=', demo)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, action: r.action as OperatorAction })), total: Number(count.n) };
}
