import { sql } from 'kysely';
import type { DbOrTx, NewOrder, OrderRow, TradeDbRow, Tx } from '@roottrading/db';

export interface OrderWithTrade {
  order: OrderRow;
  trade: TradeDbRow | null;
}

export async function insertOrder(tx: DbOrTx, order: NewOrder): Promise<OrderRow> {
  return tx.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow();
}

/**
 * Inserts a signal's order unless the signal already has one (its unique signal_id or derived
 * client order id): undefined then, and nothing written. No error is raised, so a batch's
 * transaction carries on without a savepoint.
 */
export async function insertOrderIfAbsent(tx: DbOrTx, order: NewOrder): Promise<OrderRow | undefined> {
  return tx
    .insertInto('orders')
    .values(order)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Which of these signals already have their order: a batch skips them without trying. */
export async function findSignalIdsWithOrders(db: DbOrTx, signalIds: readonly string[]): Promise<Set<string>> {
  if (signalIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('orders')
    .select('signal_id')
    .where('signal_id', 'in', [...signalIds])
    .execute();
  return new Set(rows.map((r) => r.signal_id).filter((id): id is string => id !== null));
}

export async function findOrderByIdempotencyKey(db: DbOrTx, key: string): Promise<OrderWithTrade | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (!order) return undefined;
  const trade = await db.selectFrom('trades').selectAll().where('order_id', '=', order.id).executeTakeFirst();
  return { order, trade: trade ?? null };
}

/** Orders by client order id, in the order asked, each with its first fill; ids not found are left out. */
export async function findOrdersByClientIds(
  db: DbOrTx,
  clientOrderIds: readonly string[],
  demo: boolean,
): Promise<OrderWithTrade[]> {
  if (clientOrderIds.length === 0) return [];
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('demo', '=', demo)
    .where('client_order_id', 'in', [...clientOrderIds])
    .execute();
  const withTrades = await attachTrades(db, orders);
  const byClient = new Map(withTrades.map((o) => [o.order.client_order_id, o]));
  return clientOrderIds.flatMap((id) => byClient.get(id) ?? []);
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
  return attachTrades(db, orders);
}

/** Each order with its first trade (by id), in one query. */
async function attachTrades(db: DbOrTx, orders: OrderRow[]): Promise<OrderWithTrade[]> {
  if (orders.length === 0) return [];
  const trades = await db
    .selectFrom('trades')
    .selectAll()
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('id')
    .execute();
  const byOrder = new Map<string, TradeDbRow>();
  for (const t of trades) if (!byOrder.has(t.order_id)) byOrder.set(t.order_id, t);
  return orders.map((order) => ({ order, trade: byOrder.get(order.id) ?? null }));
}

/** The paper account's resting limit orders, oldest first (loaded into memory at start). */
export async function listOpenDemoOrders(db: DbOrTx): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('demo', '=', true)
    .where('status', '=', 'open')
    .orderBy('id')
    .execute();
}

/** A paper order by its client order id, locked until the transaction ends. */
export async function lockDemoOrder(tx: Tx, clientOrderId: string): Promise<OrderRow | undefined> {
  return tx
    .selectFrom('orders')
    .selectAll()
    .where('client_order_id', '=', clientOrderId)
    .where('demo', '=', true)
    .forUpdate()
    .executeTakeFirst();
}

/** Settles a still-open order (filled, rejected or canceled); undefined when it is no longer open. */
export async function settleOpenOrder(
  tx: DbOrTx,
  id: string,
  o: { status: 'filled' | 'rejected' | 'canceled'; quantity?: string; filledQuantity?: string; reason: string | null },
): Promise<OrderRow | undefined> {
  return tx
    .updateTable('orders')
    .set({
      status: o.status,
      reason: o.reason,
      ...(o.quantity !== undefined && { quantity: o.quantity }),
      ...(o.filledQuantity !== undefined && { filled_quantity: o.filledQuantity }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}

/** POST /account/reset: every resting paper order is canceled (the reset gives their funds back). */
export async function cancelOpenDemoOrders(tx: DbOrTx, reason: string): Promise<void> {
  await tx
    .updateTable('orders')
    .set({ status: 'canceled', reason, updated_at: sql<Date>`now()` })
    .where('demo', '=', true)
    .where('status', '=', 'open')
    .execute();
}
