import { sql } from 'kysely';
import type { Db } from '@roottrading/db';

/** How far back of the engine's last candle `unordered` looks: keeps /health one cheap indexed scan. */
export const UNORDERED_LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface SignalProgress {
  /** Stored signals of candles the engine has not stepped yet: on their way. */
  pending: number;
  /** Stored signals of candles the engine stepped, over the last day of candle time, with no order row: lost. */
  unordered: number;
}

/**
 * Signals stored by the analyzer against the orders this account recorded for them, per symbol, from
 * the tables: every signal of a stepped candle gets an order row (filled, refused or expired) in the
 * commit that steps the candle, so a signal without one was lost on the way — whatever Redis or a
 * restart did to the in-memory counters.
 */
export async function signalProgress(
  db: Db,
  opts: { demo: boolean; symbols: readonly string[]; interval: string },
): Promise<Record<string, SignalProgress>> {
  const { rows } = await sql<{ symbol: string; pending: string; unordered: string }>`
    select sym.symbol,
      (select count(*) from signals s
        where s.symbol = sym.symbol and s.interval = ${opts.interval}
          and (e.open_time is null or s.candle_time > e.open_time)) as pending,
      (select count(*) from signals s
        where e.open_time is not null and s.symbol = sym.symbol and s.interval = ${opts.interval}
          and s.candle_time <= e.open_time
          and s.candle_time > e.open_time - ${`${UNORDERED_LOOKBACK_MS} milliseconds`}::interval
          and not exists (select 1 from orders o where o.signal_id = s.id)) as unordered
    from unnest(${[...opts.symbols]}::text[]) as sym(symbol)
    left join engine_candles e on e.demo = ${opts.demo} and e.symbol = sym.symbol`.execute(db);
  return Object.fromEntries(
    rows.map((r) => [r.symbol, { pending: Number(r.pending), unordered: Number(r.unordered) }]),
  );
}
