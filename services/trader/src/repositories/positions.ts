import { sql } from 'kysely';
import type { DbOrTx, PositionRow, TrailingRule, Tx } from '@roottrading/db';

/** The strategy's position row, locked until the transaction ends (undefined when it never traded the symbol). */
export async function lockPosition(tx: Tx, strategy: string, symbol: string): Promise<PositionRow | undefined> {
  return tx
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', true)
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The positions of these strategy/symbol pairs, locked until the transaction ends, in one
 * statement and in one order (strategy, symbol) — what a batch of signals may touch.
 */
export async function lockPositions(
  tx: Tx,
  pairs: readonly { strategy: string; symbol: string }[],
): Promise<PositionRow[]> {
  if (pairs.length === 0) return [];
  const tuples = sql.join(pairs.map((p) => sql`(${p.strategy}, ${p.symbol})`));
  return tx
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', true)
    .where(sql<boolean>`(strategy, symbol) in (${tuples})`)
    .orderBy('strategy')
    .orderBy('symbol')
    .forUpdate()
    .execute();
}

/** Every column of a position but its key and timestamp, as decimal strings. */
export interface PositionValues {
  strategy: string;
  symbol: string;
  quantity: string;
  cost: string;
  opened_at: Date | null;
  entry_quantity: string;
  entry_cost: string;
  exit_quantity: string;
  exit_proceeds: string;
  realized_gross: string;
  fees: string;
  stop_loss: string | null;
  take_profit: string | null;
  trailing_stop: TrailingRule | null;
  trail_high: string | null;
  trail_stop: string | null;
  /** Open time of the last candle checked against the protections; left as it is when absent. */
  monitored_until?: Date | null;
}

/**
 * Writes the position as it stands after a fill. A closed position stays as a row with quantity 0
 * (and no life, no protections), so "flat" reads the same whether or not it ever traded.
 */
export async function writePosition(tx: DbOrTx, p: PositionValues, demo = true): Promise<PositionRow> {
  const [row] = await writePositions(tx, [p], demo);
  return row!;
}

/** Several positions in one statement (the engine's batch); each (strategy, symbol) at most once. */
export async function writePositions(tx: DbOrTx, rows: readonly PositionValues[], demo = true): Promise<PositionRow[]> {
  if (rows.length === 0) return [];
  const values = rows.map((p) => ({
    demo,
    ...p,
    trailing_stop: p.trailing_stop === null ? null : JSON.stringify(p.trailing_stop),
    updated_at: sql<Date>`now()`,
  }));
  const withMonitor = rows.some((p) => p.monitored_until !== undefined);
  return tx
    .insertInto('positions')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['demo', 'strategy', 'symbol']).doUpdateSet((eb) => ({
        quantity: eb.ref('excluded.quantity'),
        cost: eb.ref('excluded.cost'),
        opened_at: eb.ref('excluded.opened_at'),
        entry_quantity: eb.ref('excluded.entry_quantity'),
        entry_cost: eb.ref('excluded.entry_cost'),
        exit_quantity: eb.ref('excluded.exit_quantity'),
        exit_proceeds: eb.ref('excluded.exit_proceeds'),
        realized_gross: eb.ref('excluded.realized_gross'),
        fees: eb.ref('excluded.fees'),
        stop_loss: eb.ref('excluded.stop_loss'),
        take_profit: eb.ref('excluded.take_profit'),
        trailing_stop: eb.ref('excluded.trailing_stop'),
        trail_high: eb.ref('excluded.trail_high'),
        trail_stop: eb.ref('excluded.trail_stop'),
        ...(withMonitor ? { monitored_until: eb.ref('excluded.monitored_until') } : {}),
        updated_at: sql`now()`,
      })),
    )
    .returningAll()
    .execute();
}

export async function listOpenPositions(db: DbOrTx): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', true)
    .where('quantity', '>', '0')
    .orderBy('symbol')
    .orderBy('strategy')
    .execute();
}

export async function deleteDemoPositions(tx: DbOrTx): Promise<void> {
  await tx.deleteFrom('positions').where('demo', '=', true).execute();
}

export interface TrailUpdate {
  strategy: string;
  symbol: string;
  /** The life it belongs to: an update for a position closed (and maybe reopened) since is ignored. */
  openedAt: Date;
  high: string;
  stop: string | null;
}

/**
 * Persists where trailing stops stand, many in one statement. Levels only move up, in the
 * database too: a late write can never lower what is stored.
 */
export async function saveTrails(db: DbOrTx, updates: readonly TrailUpdate[], demo = true): Promise<void> {
  if (updates.length === 0) return;
  const rows = updates.map(
    (u) =>
      sql`(${u.strategy}::text, ${u.symbol}::text, ${u.openedAt}::timestamptz, ${u.high}::numeric, ${u.stop}::numeric)`,
  );
  await sql`
    update positions p
       set trail_high = greatest(coalesce(p.trail_high, v.high), v.high),
           trail_stop = case when v.stop is null then p.trail_stop
                             else greatest(coalesce(p.trail_stop, v.stop), v.stop) end
      from (values ${sql.join(rows)}) as v(strategy, symbol, opened_at, high, stop)
     where p.demo = ${demo} and p.strategy = v.strategy and p.symbol = v.symbol
       and p.opened_at = v.opened_at and p.quantity > 0`.execute(db);
}

/**
 * Live: the candle opening at `openTime` has been checked against the protections of these
 * positions (written with their trails, so a restart resumes from exactly this candle).
 */
export async function markMonitored(
  db: DbOrTx,
  positions: readonly { strategy: string; symbol: string }[],
  openTime: Date,
): Promise<void> {
  if (positions.length === 0) return;
  const rows = positions.map((p) => sql`(${p.strategy}::text, ${p.symbol}::text)`);
  await sql`
    update positions p
       set monitored_until = greatest(coalesce(p.monitored_until, ${openTime}::timestamptz), ${openTime}::timestamptz)
      from (values ${sql.join(rows)}) as v(strategy, symbol)
     where p.demo = false and p.strategy = v.strategy and p.symbol = v.symbol and p.quantity > 0`.execute(db);
}
