import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { loadMarkets } from '../markets/markets.js';
import { createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';
import { DemoAccount } from './demo-account.js';

/** Batches of signals in one transaction, raced by two accounts on the same database. */
let h: Harness;

beforeAll(async () => {
  h = await createHarness('trader-batch', {
    SYMBOLS: 'BTC/USDC,ETH/USDC',
    SLIPPAGE: '0',
    FEE_RATE: '0',
    RISK_MAX_OPEN_POSITIONS: '0',
  });
});

afterAll(async () => {
  await h?.close();
});

const account = () =>
  new DemoAccount({ db: h.testDb.db, config: h.config(), markets: loadMarkets(), logger: h.logger });

describe('a batch of signals', () => {
  it('gives one order per signal when two traders handle the same batch at once', async () => {
    const [a, b] = [account(), account()];
    await a.seedIfEmpty();
    const batch = [
      ...Array.from({ length: 6 }, (_, i) => makeSignal({ strategy: `Race_${i}`, price: '50000' })),
      ...Array.from({ length: 4 }, (_, i) => makeSignal({ strategy: `Race_${i}`, symbol: 'ETH/USDC', price: '50000' })),
    ];
    const [fromA, fromB] = await Promise.all([a.handleSignals(batch), b.handleSignals(batch)]);
    // Each signal is recorded by exactly one of them; the other sees a duplicate.
    batch.forEach((_, i) => {
      expect([fromA[i]!.kind, fromB[i]!.kind].sort()).toEqual(['duplicate', 'recorded']);
    });
    const orders = await h.testDb.db.selectFrom('orders').selectAll().execute();
    expect(orders).toHaveLength(batch.length);
    expect(orders.every((o) => o.status === 'filled')).toBe(true);
    const usdc = await h.testDb.db
      .selectFrom('demo_balances')
      .selectAll()
      .where('asset', '=', 'USDC')
      .executeTakeFirstOrThrow();
    // ten buys of 0.001 at 50000, once each
    expect(plain(usdc.free)).toBe('9500');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('treats a second copy of a signal in the same batch as a duplicate, and one already ordered too', async () => {
    const c = account();
    const fresh = makeSignal({ strategy: 'Copy', price: '50000' });
    const old = makeSignal({ strategy: 'Old', price: '50000' });
    await c.handleSignals([old]);
    const outcomes = await c.handleSignals([old, fresh, fresh]);
    expect(outcomes.map((o) => o.kind)).toEqual(['duplicate', 'recorded', 'duplicate']);
    expect(c.stats).toMatchObject({ signalsHandled: 2, duplicateSignals: 2 });
    const pos = await h.testDb.db
      .selectFrom('positions')
      .selectAll()
      .where('strategy', '=', 'Copy')
      .executeTakeFirstOrThrow();
    expect(dec(pos.quantity).toFixed()).toBe('0.001');
    await c.stop();
  });
});
