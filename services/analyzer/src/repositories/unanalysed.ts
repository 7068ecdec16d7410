import { sql } from 'kysely';
import type { Db } from '@roottrading/db';

/**
 * Per symbol, the stored candles after the newest analysed one (analysed_candles): what the gateway
 * has and the analyzer has not analysed yet — from the tables, so a restart or a lost Redis cannot
 * hide it. A symbol never analysed has none (its older candles only warm the strategies up).
 */
export async function unanalysedCandles(
  db: Db,
  symbols: readonly string[],
  interval: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const symbol of symbols) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from candles
      where symbol = ${symbol} and interval = ${interval}
        and open_time > (select max(open_time) from analysed_candles where symbol = ${symbol} and interval = ${interval})`.execute(
      db,
    );
    out[symbol] = Number(rows[0]?.n ?? 0);
  }
  return out;
}
