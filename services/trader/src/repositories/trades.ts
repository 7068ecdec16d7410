import type { DbOrTx, NewTrade, TradeDbRow } from '@roottrading/db';

export async function insertTrade(tx: DbOrTx, trade: NewTrade): Promise<TradeDbRow> {
  return tx.insertInto('trades').values(trade).returningAll().executeTakeFirstOrThrow();
}
