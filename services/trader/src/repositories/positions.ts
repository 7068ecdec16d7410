import { sql } from 'kysely';
import type { DbOrTx, PartialTakeProfitRule, PositionRow, TrailingRule } from '@roottrading/db';

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
  partial_take_profit: PartialTakeProfitRule | null;
  time_stop: number | null;
  partial_taken: boolean;
  entry_candle: Date | null;
}

/** Several positions in one statement (the engine's batch); each (strategy, symbol) at most once. */
export async function writePositions(tx: DbOrTx, rows: readonly PositionValues[], demo = true): Promise<PositionRow[]> {
  if (rows.length === 0) return [];
  const values = rows.map((p) => ({
    demo,
    ...p,
    trailing_stop: p.trailing_stop === null ? null : JSON.stringify(p.trailing_stop),
    partial_take_profit: p.partial_take_profit ? JSON.stringify(p.partial_take_profit) : null,
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
        partial_take_profit: eb.ref('excluded.partial_take_profit'),
        time_stop: eb.ref('excluded.time_stop'),
        partial_taken: eb.ref('excluded.partial_taken'),
        entry_candle: eb.ref('excluded.entry_candle'),
        ...(withMonitor ? { monitored_until: eb.ref('excluded.monitored_until') } : {}),
        updated_at: sql`now()`,
      })),
    )
    .returningAll()
    .execute();
}

export async function listOpenPositions(db: DbOrTx, demo = true): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', demo)
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
