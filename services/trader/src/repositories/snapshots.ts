import type { DbOrTx } from '@roottrading/db';
import type { AssetBalance, QuoteTotal } from '@roottrading/contracts';

/**
 * The portfolio service loads the newest of these at start, before any message reaches it, and
 * draws the equity curve from them over `candle_time` (market time, so a replay has its own days).
 */
export async function insertBalanceSnapshot(
  db: DbOrTx,
  s: { demo?: boolean; takenAt: Date; candleTime: Date | null; balances: AssetBalance[]; totals: QuoteTotal[] },
): Promise<void> {
  await db
    .insertInto('balance_snapshots')
    .values({
      demo: s.demo ?? true,
      taken_at: s.takenAt,
      candle_time: s.candleTime,
      balances: JSON.stringify(s.balances),
      totals: JSON.stringify(s.totals),
    })
    .execute();
}
