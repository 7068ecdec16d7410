import type { DbOrTx, SignalRow } from '@roottrading/db';

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
