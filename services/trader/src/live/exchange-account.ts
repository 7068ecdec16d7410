import type { Db } from '@roottrading/db';
import { dropExchangeSync, exchangeAccountUse } from '../repositories/exchange-sync.js';

/**
 * Which exchange account a database's live rows belong to: binance and binance's testnet are two
 * accounts with the same ccxt id, and their orders, fills and positions must never mix (a testnet
 * position is not coins on the real exchange). The reconciliation watermark is kept per account.
 */
export function exchangeAccountKey(exchangeId: string, testnet: boolean): string {
  return testnet ? `${exchangeId}:testnet` : exchangeId;
}

/**
 * Refuses to trade one account on a database that already holds live orders of the other: one
 * line saying which, and what to do. A database with no live orders is bound to no account: the
 * other account's watermark (a start that placed nothing) is dropped, so the first account to
 * trade here owns it from then on.
 */
export async function assertOneExchangeAccount(db: Db, exchangeId: string, testnet: boolean): Promise<void> {
  const other = exchangeAccountKey(exchangeId, !testnet);
  const use = await exchangeAccountUse(db, other);
  if (use.other && !use.liveOrders) {
    await dropExchangeSync(db, other);
    return;
  }
  if (use.other && use.liveOrders) {
    const here = testnet ? `${exchangeId} testnet` : exchangeId;
    const there = testnet ? exchangeId : `${exchangeId} testnet`;
    throw new Error(
      `this database holds live orders of ${there}; trading ${here} on it would mix the two accounts: ` +
        `use another DATABASE_URL (or set EXCHANGE_TESTNET=${String(!testnet)})`,
    );
  }
}
