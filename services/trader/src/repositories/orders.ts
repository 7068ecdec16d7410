import type { DbOrTx, NewOrder, OrderRow, TradeDbRow } from '@roottrading/db';

export interface OrderWithTrade {
  order: OrderRow;
  /** Its first fill. */
  trade: TradeDbRow | null;
  /** Every fill, oldest first (a limit order may fill in parts). */
  fills: TradeDbRow[];
}

export async function insertOrder(tx: DbOrTx, order: NewOrder): Promise<OrderRow> {
  return tx.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow();
}

/** Orders by client order id, in the order asked, each with its fills; ids not found are left out. */
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

/** Newest first, each with its fills. */
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

/** Each order with its fills (by id), in one query. */
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
  const byOrder = new Map<string, TradeDbRow[]>();
  for (const t of trades) {
    const fills = byOrder.get(t.order_id);
    if (fills) fills.push(t);
    else byOrder.set(t.order_id, [t]);
  }
  return orders.map((order) => {
    const fills = byOrder.get(order.id) ?? [];
    return { order, trade: fills[0] ?? null, fills };
  });
}

/**
 * An account's live orders, oldest first (loaded into the engine at start): the paper account's
 * resting limits; an exchange account's orders sent or about to be, pending or open.
 */
export async function listOpenOrders(db: DbOrTx, demo = true): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('demo', '=', demo)
    .where('status', 'in', ['pending', 'open'])
    .orderBy('id')
    .execute();
}

/** The exchange trade ids already recorded per client order id: a fill found again counts once. */
export async function listFillIds(db: DbOrTx, clientOrderIds: readonly string[]): Promise<Map<string, string[]>> {
  const byOrder = new Map<string, string[]>();
  if (clientOrderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom('live_fills')
    .select(['client_order_id', 'exchange_trade_id'])
    .where('client_order_id', 'in', [...clientOrderIds])
    .orderBy('id')
    .execute();
  for (const r of rows)
    byOrder.set(r.client_order_id, [...(byOrder.get(r.client_order_id) ?? []), r.exchange_trade_id]);
  return byOrder;
}
