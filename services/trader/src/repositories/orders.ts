import type { DbOrTx, NewOrder, OrderRow, TradeDbRow } from '@roottrading/db';

export interface OrderWithTrade {
  order: OrderRow;
  trade: TradeDbRow | null;
}

export async function insertOrder(tx: DbOrTx, order: NewOrder): Promise<OrderRow> {
  return tx.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow();
}

export async function findOrderIdBySignal(db: DbOrTx, signalId: string): Promise<string | undefined> {
  const row = await db.selectFrom('orders').select('id').where('signal_id', '=', signalId).executeTakeFirst();
  return row?.id;
}

export async function findOrderByIdempotencyKey(db: DbOrTx, key: string): Promise<OrderWithTrade | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (!order) return undefined;
  const trade = await db.selectFrom('trades').selectAll().where('order_id', '=', order.id).executeTakeFirst();
  return { order, trade: trade ?? null };
}

/** Newest first, each with its fill (one trade per order in this executor). */
export async function listRecentOrders(db: DbOrTx, limit: number, demo: boolean): Promise<OrderWithTrade[]> {
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('demo', '=', demo)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (orders.length === 0) return [];
  const trades = await db
    .selectFrom('trades')
    .selectAll()
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .execute();
  const byOrder = new Map(trades.map((t) => [t.order_id, t]));
  return orders.map((order) => ({ order, trade: byOrder.get(order.id) ?? null }));
}
