import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Candle } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import type { Trader } from './service.js';
import { candle, createHarness, type Harness } from './testing/harness.js';

const MINUTE = 60_000;
let h: Harness;
let trader: Trader;

beforeAll(async () => {
  // The default limit, on: the harness turns it off for its hand-made candles.
  h = await createHarness('candle-checks', { CANDLE_MAX_JUMP: '20', DEMO_BALANCES: 'USDC=100000' });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

interface Health {
  details: { candlesRefused: number; candlesHeld: number; candlesRejected: number };
}
const health = async () => (await (await fetch(`http://127.0.0.1:${trader.port}/health`)).json()) as Health;
const count = async (table: 'orders' | 'trades') =>
  Number(
    (
      await h.testDb.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** What anyone who can write to Redis could append: an entry with no signals, in no outbox. */
const forge = (c: Candle) => h.appendUnstored({ candle: c, signals: [] });

describe('the trader checks every candle before its engine', () => {
  it('a forged price of 1 and impossible candles move no price: a manual BUY fills at the real price', async () => {
    for (let i = 0; i < 3; i++) await h.publishCandle('BTC/USDC', '50000');
    await h.drained();
    const last = trader.runner.state.lastCandles.get('BTC/USDC')!;
    expect(last.close.toFixed()).toBe('50000');
    const next = last.openTime + MINUTE;
    const at = (startTime: number, over: Partial<Candle> = {}): Candle => ({
      ...candle('BTC/USDC', '50000', startTime),
      ...over,
    });
    const y2100 = Date.parse('2100-01-01T00:00:00Z');
    await forge(at(next, { open: '1', high: '1', low: '1', close: '1' }));
    await forge(at(next, { high: '49000', low: '51000' }));
    await forge(at(next, { low: '-5' }));
    await forge({ ...at(next), startTime: next + 30_000, closeTime: next + 30_000 + MINUTE - 1 });
    await forge(at(y2100, { close: '50005', high: '50005' }));
    // The price of 1 is refused once the 2100 candle does not confirm it; that one waits for the next.
    await waitFor(async () => (await health()).details.candlesRefused === 4, { what: 'four candles refused' });
    expect((await health()).details.candlesHeld).toBe(1);

    const res = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.1' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { status: string; averagePrice: string } };
    expect(order).toMatchObject({ status: 'filled', averagePrice: '50025' });

    // The next real candle: the year-2100 one did not come before it, so it is refused too.
    await h.publishCandle('BTC/USDC', '50010');
    await h.drained();
    await waitFor(async () => (await health()).details.candlesRefused === 5, { what: 'the 2100 candle refused' });
    const now = trader.runner.state.lastCandles.get('BTC/USDC')!;
    expect([now.openTime, now.close.toFixed()]).toEqual([next, '50010']);
    expect(await health()).toMatchObject({ details: { candlesHeld: 0, candlesRejected: 0 } });
    expect(trader.prices.get('BTC/USDC')?.price.toFixed()).toBe('50010');
    // Nothing of the forged candles was written: the manual order is the only one, and the stored
    // last candle is the real one.
    expect([await count('orders'), await count('trades')]).toEqual([1, 1]);
    const stored = await h.testDb.db.selectFrom('engine_candles').select(['open_time', 'close']).execute();
    expect(stored.map((r) => [r.open_time.getTime(), Number(r.close)])).toEqual([[next, 50010]]);
  });

  it('a crash the next candle confirms moves the price, one candle late and in order', async () => {
    await h.publishCandle('BTC/USDC', '35000');
    // Held: its entry stays pending in the stream until it is settled.
    await waitFor(async () => (await health()).details.candlesHeld === 1, { what: 'the crash held' });
    expect(trader.runner.state.lastCandles.get('BTC/USDC')!.close.toFixed()).toBe('50010');
    await h.publishCandle('BTC/USDC', '34900');
    await h.drained();
    await waitFor(() => trader.runner.state.lastCandles.get('BTC/USDC')!.close.toFixed() === '34900', {
      what: 'both candles stepped',
    });
    expect((await health()).details).toMatchObject({ candlesHeld: 0, candlesRefused: 5 });
  });
});
