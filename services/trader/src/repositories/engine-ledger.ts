import { sql } from 'kysely';
import type {
  DbOrTx,
  DemoBalanceRow,
  NewClosedPosition,
  NewOrder,
  NewTrade,
  OrderRow,
  EngineCandleRow,
} from '@roottrading/db';

// What the trading engine's batches write, several rows per statement: the SQL of its ledger.

export async function insertOrders(
  tx: DbOrTx,
  rows: readonly NewOrder[],
): Promise<Pick<OrderRow, 'id' | 'client_order_id'>[]> {
  if (rows.length === 0) return [];
  return tx
    .insertInto('orders')
    .values([...rows])
    .returning(['id', 'client_order_id'])
    .execute();
}

export interface OrderChange {
  clientOrderId: string;
  status: OrderRow['status'];
  filledQuantity: string;
  reason: string | null;
}

/** Status, filled quantity and reason of orders written earlier, in one statement. */
export async function updateOrders(tx: DbOrTx, changes: readonly OrderChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map(
    (c) => sql`(${c.clientOrderId}::text, ${c.status}::text, ${c.filledQuantity}::numeric, ${c.reason}::text)`,
  );
  await sql`
    update orders o
       set status = v.status, filled_quantity = v.filled, reason = v.reason, updated_at = now()
      from (values ${sql.join(rows)}) as v(client_order_id, status, filled, reason)
     where o.client_order_id = v.client_order_id`.execute(tx);
}

/** Order row ids by client order id. */
export async function orderIdsOf(tx: DbOrTx, clientOrderIds: readonly string[]): Promise<Map<string, string>> {
  if (clientOrderIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('orders')
    .select(['id', 'client_order_id'])
    .where('client_order_id', 'in', [...clientOrderIds])
    .execute();
  return new Map(rows.map((r) => [r.client_order_id, r.id]));
}

export async function insertTrades(tx: DbOrTx, rows: readonly NewTrade[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('trades')
      .values([...rows])
      .execute();
}

export async function insertClosedPositions(tx: DbOrTx, rows: readonly NewClosedPosition[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('closed_positions')
      .values([...rows])
      .execute();
}

/** Free and locked as the engine holds them; an asset first seen gets a row (initial 0). */
export async function writeBalances(
  tx: DbOrTx,
  rows: readonly { asset: string; free: string; locked: string }[],
): Promise<DemoBalanceRow[]> {
  if (rows.length === 0) return [];
  return tx
    .insertInto('demo_balances')
    .values(rows.map((r) => ({ ...r, initial: '0', updated_at: sql<Date>`now()` })))
    .onConflict((oc) =>
      oc.column('asset').doUpdateSet((eb) => ({
        free: eb.ref('excluded.free'),
        locked: eb.ref('excluded.locked'),
        updated_at: sql`now()`,
      })),
    )
    .returningAll()
    .execute();
}

export async function writeEngineCandles(tx: DbOrTx, rows: readonly EngineCandleRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('engine_candles')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['demo', 'symbol']).doUpdateSet((eb) => ({
        open_time: eb.ref('excluded.open_time'),
        close_time: eb.ref('excluded.close_time'),
        open: eb.ref('excluded.open'),
        high: eb.ref('excluded.high'),
        low: eb.ref('excluded.low'),
        close: eb.ref('excluded.close'),
      })),
    )
    .execute();
}

export async function listEngineCandles(db: DbOrTx, demo: boolean): Promise<EngineCandleRow[]> {
  return db.selectFrom('engine_candles').selectAll().where('demo', '=', demo).orderBy('symbol').execute();
}

/** The highest number of the engine's own client order ids (`<prefix>o<n>`); 0 when it placed none yet. */
export async function lastEngineOrderNumber(db: DbOrTx, demo: boolean, prefix: string): Promise<number> {
  const from = prefix.length + 2;
  const row = await db
    .selectFrom('orders')
    .select(sql<string | null>`max(substring(client_order_id from ${sql.lit(from)})::bigint)`.as('n'))
    .where('demo', '=', demo)
    .where('client_order_id', 'like', `${prefix}o%`)
    .where('client_order_id', '~', `^${prefix.replace(/[^a-z0-9]/g, (c) => `\\${c}`)}o[0-9]+$`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Manual orders placed with an Idempotency-Key, oldest first. */
export async function listKeyedOrders(db: DbOrTx, demo: boolean): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('demo', '=', demo)
    .where('idempotency_key', 'is not', null)
    .orderBy('id')
    .execute();
}

/** The risk state row as the engine holds it. */
export async function writeRiskState(
  tx: DbOrTx,
  demo: boolean,
  s: { active: boolean; reason: string | null; trippedAt: Date | null; resetBy: string | null; resetAt: Date | null },
): Promise<void> {
  const values = {
    demo,
    kill_switch: s.active,
    kill_reason: s.reason,
    tripped_at: s.trippedAt,
    reset_by: s.resetBy,
    reset_at: s.resetAt,
  };
  await tx
    .insertInto('risk_state')
    .values(values)
    .onConflict((oc) => oc.column('demo').doUpdateSet(values))
    .execute();
}

/**
 * The engine checks every protected position of a symbol on each of its candles: where they were
 * checked through moves with the last candle a batch stepped (one statement for the batch).
 */
export async function markCheckedThrough(
  tx: DbOrTx,
  demo: boolean,
  candles: readonly { symbol: string; openTime: Date }[],
): Promise<void> {
  if (candles.length === 0) return;
  const rows = candles.map((c) => sql`(${c.symbol}::text, ${c.openTime}::timestamptz)`);
  await sql`
    update positions p
       set monitored_until = v.open_time
      from (values ${sql.join(rows)}) as v(symbol, open_time)
     where p.demo = ${demo} and p.symbol = v.symbol and p.quantity > 0
       and (p.stop_loss is not null or p.take_profit is not null or p.trailing_stop is not null
            or p.partial_take_profit is not null or p.time_stop is not null)
       and (p.monitored_until is null or p.monitored_until < v.open_time)`.execute(tx);
}
