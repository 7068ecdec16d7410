import type { Signal } from '@roottrading/contracts';
import type { DbOrTx, SignalRow } from '@roottrading/db';

/** Stores a signal; storing the same id again (a re-analysed candle after a restart) changes nothing. */
export async function insertSignal(db: DbOrTx, signal: Signal): Promise<void> {
  await insertSignals(db, [signal]);
}

/** Stores signals in one statement; ids already stored are left as they are. */
export async function insertSignals(db: DbOrTx, signals: readonly Signal[]): Promise<void> {
  if (signals.length === 0) return;
  await db
    .insertInto('signals')
    .values(
      signals.map((signal) => ({
        id: signal.id,
        strategy: signal.strategy,
        symbol: signal.symbol,
        interval: signal.interval,
        side: signal.side,
        candle_time: new Date(signal.timestamp),
        price: signal.price,
        metadata: JSON.stringify(signal.metadata),
        emitted_at: new Date(signal.createdAt),
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export interface SignalQuery {
  symbol?: string;
  strategy?: string;
  limit: number;
}

/** The newest stored signals first (by candle time). */
export async function recentSignals(db: DbOrTx, query: SignalQuery): Promise<SignalRow[]> {
  let q = db.selectFrom('signals').selectAll();
  if (query.symbol) q = q.where('symbol', '=', query.symbol);
  if (query.strategy) q = q.where('strategy', '=', query.strategy);
  return q.orderBy('candle_time', 'desc').orderBy('strategy').limit(query.limit).execute();
}
