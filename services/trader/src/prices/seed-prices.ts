import { dec } from '@roottrading/accounting';
import { recentCandles, type Db } from '@roottrading/db';
import type { LastPrices } from './last-prices.js';

/**
 * After a restart the account can be valued before the next candle arrives: each symbol's newest
 * stored candle. Its "arrival" is taken as its close time, so a manual order still refuses it
 * unless it is genuinely recent.
 */
export async function seedPricesFromCandles(
  db: Db,
  prices: LastPrices,
  symbols: readonly string[],
  interval: string,
): Promise<void> {
  for (const symbol of symbols) {
    const [last] = await recentCandles(db, symbol, interval, 1);
    if (last && prices.get(symbol) === undefined) {
      const closeTime = last.close_time.getTime();
      prices.set(symbol, dec(last.close), closeTime, closeTime);
    }
  }
}
