import type { DbOrTx } from '@roottrading/db';

export interface InstanceResultRow {
  strategy: string;
  quote: string;
  netPnl: string;
}

export async function loadInstanceResults(db: DbOrTx, demo: boolean): Promise<InstanceResultRow[]> {
  const rows = await db
    .selectFrom('instance_results')
    .select(['strategy', 'quote', 'net_pnl'])
    .where('demo', '=', demo)
    .execute();
  return rows.map((r) => ({ strategy: r.strategy, quote: r.quote, netPnl: r.net_pnl }));
}

/** Every result a batch changed, in one statement. */
export async function saveInstanceResults(
  db: DbOrTx,
  rows: readonly InstanceResultRow[],
  demo: boolean,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('instance_results')
    .values(rows.map((r) => ({ demo, strategy: r.strategy, quote: r.quote, net_pnl: r.netPnl })))
    .onConflict((oc) =>
      oc.columns(['demo', 'strategy', 'quote']).doUpdateSet((eb) => ({ net_pnl: eb.ref('excluded.net_pnl') })),
    )
    .execute();
}

/** A paper account reset: every budget starts again from its capital. */
export async function deleteInstanceResults(db: DbOrTx): Promise<void> {
  await db.deleteFrom('instance_results').where('demo', '=', true).execute();
}
