import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '@roottrading/db';

// Which exchange account a database trades, and how far reconciliation has read its fills.

/**
 * A short tag of this database: its cluster's system identifier and its own oid, hashed. Stable for
 * the database's life, different for any other database (another cluster, or this one dropped and
 * made again), so client order ids of two databases trading one exchange account never collide.
 */
export async function databaseTag(db: Db): Promise<string> {
  const row = await sql<{ id: string }>`
    select s.system_identifier::text || ':' || d.oid::text as id
      from pg_control_system() s, pg_database d
     where d.datname = current_database()`.execute(db);
  return createHash('sha256').update(row.rows[0]!.id).digest('hex').slice(0, 6);
}

export async function readWatermark(db: DbOrTx, exchange: string): Promise<number | null> {
  const row = await db
    .selectFrom('exchange_sync')
    .select('fills_watermark')
    .where('exchange', '=', exchange)
    .executeTakeFirst();
  return row ? row.fills_watermark.getTime() : null;
}

export async function writeWatermark(db: DbOrTx, exchange: string, at: number): Promise<void> {
  await db
    .insertInto('exchange_sync')
    .values({ exchange, fills_watermark: new Date(at) })
    .onConflict((oc) => oc.column('exchange').doUpdateSet({ fills_watermark: new Date(at), updated_at: new Date() }))
    .execute();
}

export async function isFillRecorded(db: DbOrTx, symbol: string, tradeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('live_fills')
    .select('id')
    .where('symbol', '=', symbol)
    .where('exchange_trade_id', '=', tradeId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The other account's sync row and whether any live order exists (one exchange account per database). */
export async function exchangeAccountUse(db: Db, otherKey: string): Promise<{ other: boolean; liveOrders: boolean }> {
  const [otherSync, liveOrder] = await Promise.all([
    db.selectFrom('exchange_sync').select('exchange').where('exchange', '=', otherKey).executeTakeFirst(),
    db.selectFrom('orders').select('id').where('demo', '=', false).limit(1).executeTakeFirst(),
  ]);
  return { other: !!otherSync, liveOrders: !!liveOrder };
}

export async function dropExchangeSync(db: Db, key: string): Promise<void> {
  await db.deleteFrom('exchange_sync').where('exchange', '=', key).execute();
}
