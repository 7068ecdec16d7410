import { sql } from 'kysely';
import type { DbOrTx, DemoBalanceRow, Tx } from '@roottrading/db';

/**
 * Adds a signed amount to an asset's free balance. A credit creates the row (initial 0) for an
 * asset first received; a debit only updates (PostgreSQL checks `free >= 0` on the row an upsert
 * would insert, so a negative amount cannot go through the upsert), and an account without the
 * row cannot pay anyway.
 */
export async function addToFree(tx: DbOrTx, asset: string, delta: string): Promise<DemoBalanceRow> {
  if (delta.startsWith('-')) {
    const row = await tx
      .updateTable('demo_balances')
      .set({ free: sql`free + ${delta}::numeric`, updated_at: sql`now()` })
      .where('asset', '=', asset)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new Error(`no ${asset} balance to debit ${delta} from`);
    return row;
  }
  return tx
    .insertInto('demo_balances')
    .values({ asset, free: delta, locked: '0', initial: '0', updated_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.column('asset').doUpdateSet({
        free: sql`demo_balances.free + excluded.free`,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listBalances(db: DbOrTx): Promise<DemoBalanceRow[]> {
  return db.selectFrom('demo_balances').selectAll().orderBy('asset').execute();
}

/**
 * Seeds the paper account when demo_balances is empty and only then, so a restart never resets
 * it. The table lock makes two traders starting together seed once.
 */
export async function seedBalancesIfEmpty(tx: Tx, seed: ReadonlyMap<string, string>): Promise<boolean> {
  await sql`lock table demo_balances in share row exclusive mode`.execute(tx);
  const existing = await tx.selectFrom('demo_balances').select('asset').limit(1).executeTakeFirst();
  if (existing) return false;
  await insertSeed(tx, seed);
  return true;
}

/** Replaces every balance with the seed (POST /account/reset). */
export async function replaceBalances(tx: Tx, seed: ReadonlyMap<string, string>): Promise<void> {
  await sql`lock table demo_balances in share row exclusive mode`.execute(tx);
  await tx.deleteFrom('demo_balances').execute();
  await insertSeed(tx, seed);
}

async function insertSeed(tx: Tx, seed: ReadonlyMap<string, string>): Promise<void> {
  if (seed.size === 0) return;
  await tx
    .insertInto('demo_balances')
    .values(
      [...seed].map(([asset, amount]) => ({
        asset,
        free: amount,
        locked: '0',
        initial: amount,
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}
