import type { DbOrTx, PositionRow } from '@roottrading/db';

/** Open positions of the mode (a flat one stays as a row with quantity 0 and is left out). */
export async function openPositions(db: DbOrTx, demo: boolean): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', demo)
    .where('quantity', '>', '0')
    .orderBy('symbol')
    .orderBy('strategy')
    .execute();
}

export async function countOpenPositions(db: DbOrTx, demo: boolean): Promise<number> {
  const row = await db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('demo', '=', demo)
    .where('quantity', '>', '0')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
