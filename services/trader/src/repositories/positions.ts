import { sql } from 'kysely';
import type { DbOrTx, PositionRow, Tx } from '@roottrading/db';

/** The strategy's position row, locked until the transaction ends (undefined when it never traded the symbol). */
export async function lockPosition(tx: Tx, strategy: string, symbol: string): Promise<PositionRow | undefined> {
  return tx
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', true)
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .forUpdate()
    .executeTakeFirst();
}

/** A closed position stays as a row with quantity 0, so "flat" reads the same whether or not it ever traded. */
export async function savePosition(
  tx: DbOrTx,
  p: { strategy: string; symbol: string; quantity: string; cost: string },
): Promise<void> {
  await tx
    .insertInto('positions')
    .values({ demo: true, ...p, updated_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.columns(['demo', 'strategy', 'symbol']).doUpdateSet({
        quantity: sql`excluded.quantity`,
        cost: sql`excluded.cost`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function listOpenPositions(db: DbOrTx): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', true)
    .where('quantity', '>', '0')
    .orderBy('symbol')
    .orderBy('strategy')
    .execute();
}

export async function deleteDemoPositions(tx: DbOrTx): Promise<void> {
  await tx.deleteFrom('positions').where('demo', '=', true).execute();
}
