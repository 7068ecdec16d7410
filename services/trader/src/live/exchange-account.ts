import type { Db } from '@roottrading/db';

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
  const [otherSync, liveOrder] = await Promise.all([
    db.selectFrom('exchange_sync').select('exchange').where('exchange', '=', other).executeTakeFirst(),
    db.selectFrom('orders').select('id').where('demo', '=', false).limit(1).executeTakeFirst(),
  ]);
  if (otherSync && !liveOrder) {
    await db.deleteFrom('exchange_sync').where('exchange', '=', other).execute();
    return;
  }
  if (otherSync && liveOrder) {
    const here = testnet ? `${exchangeId} testnet` : exchangeId;
    const there = testnet ? exchangeId : `${exchangeId} testnet`;
    throw new Error(
      `this database holds live orders of ${there}; trading ${here} on it would mix the two accounts: ` +
        `use another DATABASE_URL (or set EXCHANGE_TESTNET=${String(!testnet)})`,
    );
  }
}
