import { sql } from 'kysely';
import type { DbOrTx } from '../database.js';
import type { PartialTakeProfitRule, SignalRow, SignalTrailingStop } from '../schema.js';

/** A signal as the bus carries it (times in ms, prices as decimal text). */
export interface BusSignal {
  id: string;
  strategy: string;
  symbol: string;
  interval: string;
  side: 'BUY' | 'SELL';
  timestamp: number;
  price: string;
  metadata: Record<string, unknown>;
  createdAt: number;
  stopLoss?: string | undefined;
  takeProfit?: string | undefined;
  trailingStop?: SignalTrailingStop | undefined;
  partialTakeProfit?: PartialTakeProfitRule | undefined;
  timeStop?: number | undefined;
}

/**
 * Stores signals in one statement, before their stream entries go out: the trader trades only on a
 * signal stored as its entry carries it. The same id stored again (a candle analysed again after a
 * restart, which stamps a new `createdAt`) takes the newer fields, as its new entry carries them.
 */
export async function insertSignals(db: DbOrTx, signals: readonly BusSignal[]): Promise<void> {
  // One row per id: a statement may not update a row twice. The last one is the one sent last.
  const rows = [...new Map(signals.map((s) => [s.id, s])).values()].map(signalRowOf);
  if (rows.length === 0) return;
  await db
    .insertInto('signals')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        strategy: sql`excluded.strategy`,
        symbol: sql`excluded.symbol`,
        interval: sql`excluded.interval`,
        side: sql`excluded.side`,
        candle_time: sql`excluded.candle_time`,
        price: sql`excluded.price`,
        metadata: sql`excluded.metadata`,
        emitted_at: sql`excluded.emitted_at`,
        stop_loss: sql`excluded.stop_loss`,
        take_profit: sql`excluded.take_profit`,
        trailing_stop: sql`excluded.trailing_stop`,
        partial_take_profit: sql`excluded.partial_take_profit`,
        time_stop: sql`excluded.time_stop`,
      }),
    )
    .execute();
}

/** The stored rows of these ids, in one query (ids not stored are simply absent). */
export async function signalsByIds(db: DbOrTx, ids: readonly string[]): Promise<SignalRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('signals')
    .selectAll()
    .where('id', '=', sql<string>`any(${[...new Set(ids)]}::text[])`)
    .execute();
}

function signalRowOf(signal: BusSignal) {
  return {
    id: signal.id,
    strategy: signal.strategy,
    symbol: signal.symbol,
    interval: signal.interval,
    side: signal.side,
    candle_time: new Date(signal.timestamp),
    price: signal.price,
    metadata: JSON.stringify(signal.metadata),
    emitted_at: new Date(signal.createdAt),
    stop_loss: signal.stopLoss ?? null,
    take_profit: signal.takeProfit ?? null,
    trailing_stop: signal.trailingStop ? JSON.stringify(signal.trailingStop) : null,
    partial_take_profit: signal.partialTakeProfit ? JSON.stringify(signal.partialTakeProfit) : null,
    time_stop: signal.timeStop ?? null,
  };
}
