import type { DbOrTx } from '@roottrading/db';

/** The market source the account trades on; null before it stepped a candle. */
export async function readAccountSource(db: DbOrTx, demo: boolean): Promise<string | null> {
  const row = await db.selectFrom('account_sources').select('source').where('demo', '=', demo).executeTakeFirst();
  return row?.source ?? null;
}

/** Records it once; a second record of the account keeps the first. */
export async function recordAccountSource(db: DbOrTx, demo: boolean, source: string): Promise<void> {
  await db
    .insertInto('account_sources')
    .values({ demo, source })
    .onConflict((oc) => oc.column('demo').doNothing())
    .execute();
}

/** Drops it (an account reset: the fresh account trades on whatever source comes next). */
export async function forgetAccountSource(db: DbOrTx, demo: boolean): Promise<void> {
  await db.deleteFrom('account_sources').where('demo', '=', demo).execute();
}
