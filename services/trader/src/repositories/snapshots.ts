import type { DbOrTx } from '@roottrading/db';
import type { AssetBalance, QuoteTotal } from '@roottrading/contracts';

/** The portfolio service loads the newest of these at start, before any message reaches it. */
export async function insertBalanceSnapshot(
  db: DbOrTx,
  takenAt: Date,
  balances: AssetBalance[],
  totals: QuoteTotal[],
): Promise<void> {
  await db
    .insertInto('balance_snapshots')
    .values({ demo: true, taken_at: takenAt, balances: JSON.stringify(balances), totals: JSON.stringify(totals) })
    .execute();
}
