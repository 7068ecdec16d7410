import { sql } from 'kysely';
import type { DbOrTx, NewLiveFill } from '@roottrading/db';

// What an exchange said about our orders, beside the engine's rows: its ids, its errors, its fills.

export interface OrderFactsRow {
  clientOrderId: string;
  exchangeOrderId?: string | null;
  exchangeError?: string | null;
  reason?: string | null;
}

/** Sets what is known (an absent field is left as it is; an exchange order id is never unset). */
export async function writeOrderFacts(tx: DbOrTx, facts: OrderFactsRow): Promise<void> {
  const set = {
    ...(facts.exchangeOrderId ? { exchange_order_id: facts.exchangeOrderId } : {}),
    ...(facts.exchangeError !== undefined ? { exchange_error: facts.exchangeError } : {}),
    ...(facts.reason !== undefined && facts.reason !== null ? { reason: facts.reason } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await tx
    .updateTable('orders')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('client_order_id', '=', facts.clientOrderId)
    .execute();
}

/** Each exchange fill once (unique per symbol and trade id), tied to its order row. */
export async function insertExchangeFills(tx: DbOrTx, fills: readonly Omit<NewLiveFill, 'order_id'>[]): Promise<void> {
  if (fills.length === 0) return;
  const ids = await tx
    .selectFrom('orders')
    .select(['id', 'client_order_id'])
    .where('client_order_id', 'in', [...new Set(fills.map((f) => f.client_order_id))])
    .execute();
  const byClient = new Map(ids.map((r) => [r.client_order_id, r.id]));
  await tx
    .insertInto('live_fills')
    .values(fills.map((f) => ({ ...f, order_id: byClient.get(f.client_order_id)! })))
    .onConflict((oc) => oc.constraint('live_fills_trade_key').doNothing())
    .execute();
}
