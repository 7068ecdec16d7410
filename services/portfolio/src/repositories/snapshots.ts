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
