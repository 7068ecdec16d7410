import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';
import { assertOneExchangeAccount, exchangeAccountKey } from './exchange-account.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

describe('one exchange account per database', () => {
  it('keys binance and its testnet apart', () => {
    expect([exchangeAccountKey('binance', false), exchangeAccountKey('binance', true)]).toEqual([
      'binance',
      'binance:testnet',
    ]);
  });

  it('lets either account use a database without live orders, then refuses the other one', async () => {
    await assertOneExchangeAccount(tdb.db, 'binance', true);
    await tdb.db
      .insertInto('exchange_sync')
      .values({ exchange: 'binance:testnet', fills_watermark: new Date() })
      .execute();
    // A watermark alone (a testnet start that placed nothing) does not bind the database: dropped.
    await assertOneExchangeAccount(tdb.db, 'binance', false);
    expect(await tdb.db.selectFrom('exchange_sync').select('exchange').execute()).toEqual([]);
    await tdb.db
      .insertInto('exchange_sync')
      .values({ exchange: 'binance:testnet', fills_watermark: new Date() })
      .execute();
    await tdb.db
      .insertInto('orders')
      .values({
        client_order_id: 'rt-m-testnet-order',
        strategy: 'manual',
        symbol: 'BTC/USDT',
        side: 'BUY',
        type: 'market',
        quantity: '0.001',
        status: 'filled',
        demo: false,
      })
      .execute();
    await assertOneExchangeAccount(tdb.db, 'binance', true);
    await expect(assertOneExchangeAccount(tdb.db, 'binance', false)).rejects.toThrow(
      /^this database holds live orders of binance testnet; .* use another DATABASE_URL \(or set EXCHANGE_TESTNET=true\)$/,
    );
  });
});
