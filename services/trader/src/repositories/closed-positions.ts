import type { ClosedPositionRow, DbOrTx, NewClosedPosition } from '@roottrading/db';

/** One row per position that went flat: what the portfolio's history and PnL statistics read. */
export async function insertClosedPosition(tx: DbOrTx, row: NewClosedPosition): Promise<ClosedPositionRow> {
  return tx.insertInto('closed_positions').values(row).returningAll().executeTakeFirstOrThrow();
}
