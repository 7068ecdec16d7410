import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertSignals } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, type Harness } from '../testing/harness.js';
import type { SignalProgress } from './signal-progress.js';

/** The trader's `/health` counts signals stored against orders recorded, from the tables. */
const progressOf = async (trader: Trader) =>
  (
    (await (await fetch(`http://127.0.0.1:${trader.port}/health`)).json()) as {
      details: { signals: Record<string, SignalProgress> };
    }
  ).details.signals;

describe('signals stored vs ordered on /health', () => {
  let h: Harness;
  let trader: Trader;
  beforeAll(async () => {
    h = await createHarness('trader-signal-progress', { SYMBOLS: 'BTC/USDC' });
    trader = await h.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts nothing lost when every signal of a stepped candle got its order, refused ones included', async () => {
    expect(await progressOf(trader)).toEqual({ 'BTC/USDC': { pending: 0, unordered: 0 } });
    const buy = makeSignal({ price: '50000' });
    const sellNothing = makeSignal({ strategy: 'Bollinger_Strategy', side: 'SELL', price: '50000' });
    await h.sendSignals([buy, sellNothing]);
    await h.sendSignals([makeSignal({ side: 'SELL', price: '50100' })]);
    await h.drained();
    const orders = await h.testDb.db.selectFrom('orders').select(['signal_id', 'status']).execute();
    expect(orders).toHaveLength(3);
    expect(await progressOf(trader)).toEqual({ 'BTC/USDC': { pending: 0, unordered: 0 } });
  });

  it('counts a stored signal of a stepped candle with no order as unordered, and a later one as pending', async () => {
    await h.publishCandle('BTC/USDC', '50200');
    await h.drained();
    const stepped = await h.testDb.db.selectFrom('engine_candles').select('open_time').executeTakeFirstOrThrow();
    const steppedAt = new Date(stepped.open_time).getTime();
    // A signal row for the candle just stepped that no entry carried: lost on the way.
    const lost = makeSignal({ timestamp: steppedAt, price: '50000' });
    // One for a candle the engine has not reached: on its way.
    const ahead = makeSignal({ timestamp: steppedAt + 60_000, price: '50000' });
    await insertSignals(h.testDb.db, [lost, ahead]);
    await waitFor(
      async () => {
        const p = await progressOf(trader);
        return p['BTC/USDC']?.unordered === 1 ? p : undefined;
      },
      { what: 'the lost signal counted' },
    );
    expect(await progressOf(trader)).toEqual({ 'BTC/USDC': { pending: 1, unordered: 1 } });
  });
});
