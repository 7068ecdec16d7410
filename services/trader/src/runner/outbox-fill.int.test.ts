import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeAnalysed } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, type Harness } from '../testing/harness.js';

/**
 * Entries the analyzer stored (the outbox) that the stream never delivered — Redis restarted
 * without its data — are stepped from the outbox: a hole before a later entry at once, a lost tail
 * once the stream has been quiet for OUTBOX_RELAY_EVERY. Each once: the stream's late copy is skipped.
 */
const fromOutbox = async (trader: Trader) =>
  (
    (await (await fetch(`http://127.0.0.1:${trader.port}/health`)).json()) as {
      details: { entriesFromOutbox: number; entriesSkipped: number };
    }
  ).details;

describe('the outbox fills what the stream lost', () => {
  let h: Harness;
  let trader: Trader;
  beforeAll(async () => {
    h = await createHarness('trader-outbox', { OUTBOX_RELAY_EVERY: '300ms' });
    trader = await h.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  const ordersOf = (ids: string[]) =>
    h.testDb.db.selectFrom('orders').select(['signal_id', 'status']).where('signal_id', 'in', ids).execute();
  const stepped = async () =>
    new Date(
      (await h.testDb.db.selectFrom('engine_candles').select('open_time').executeTakeFirstOrThrow()).open_time,
    ).getTime();

  it('steps a hole before the next entry from the outbox, in order', async () => {
    await h.sendSignals([makeSignal({ price: '50000' })]);
    await h.drained();
    // Stored, never on the stream: the SELL of the position, then a candle without signals.
    const sell = makeSignal({ side: 'SELL', price: '50500' });
    const lost = [h.entryOf([sell]), h.entryOf([], { open: '50600' })];
    await storeAnalysed(h.testDb.db, lost);
    const next = await h.sendSignals([makeSignal({ price: '50700' })]);
    await h.drained();
    expect(await stepped()).toBe(next.candle.startTime);
    expect(await ordersOf([sell.id, next.signals[0]!.id])).toEqual([
      { signal_id: sell.id, status: 'filled' },
      { signal_id: next.signals[0]!.id, status: 'filled' },
    ]);
    expect((await fromOutbox(trader)).entriesFromOutbox).toBe(2);
  });

  it('steps a lost tail once the stream is quiet, and skips the late copy the stream then delivers', async () => {
    const sell = makeSignal({ side: 'SELL', price: '50800' });
    const tail = [h.entryOf([], { open: '50750' }), h.entryOf([sell])];
    await storeAnalysed(h.testDb.db, tail);
    await waitFor(async () => ((await stepped()) === tail[1]!.candle.startTime ? true : undefined), {
      what: 'the tail stepped from the outbox',
    });
    expect(await ordersOf([sell.id])).toEqual([{ signal_id: sell.id, status: 'filled' }]);
    const health = await fromOutbox(trader);
    expect(health.entriesFromOutbox).toBe(4);

    for (const entry of tail) await h.appendUnstored(entry);
    await h.drained();
    expect((await fromOutbox(trader)).entriesSkipped - health.entriesSkipped).toBe(2);
    expect(await ordersOf([sell.id])).toHaveLength(1);
  });

  it('prunes the outbox below what the engine stepped, less what it keeps, never the newest', async () => {
    const openTimes = async () =>
      (await h.testDb.db.selectFrom('analysed_candles').select('open_time').orderBy('open_time').execute()).map((r) =>
        new Date(r.open_time).getTime(),
      );
    const all = await openTimes();
    const last = await stepped();
    expect(all.length).toBeGreaterThan(3);
    // Kept: what opens within two minutes before the last stepped candle.
    const deleted = await trader.intake.pruneOutbox(120_000);
    expect(await openTimes()).toEqual(all.filter((t) => t >= last - 120_000));
    expect(deleted).toBe(all.filter((t) => t < last - 120_000).length);
    expect(deleted).toBeGreaterThan(0);
    // Everything the account stepped is gone with a keep of nothing but a millisecond; the newest stays.
    await trader.intake.pruneOutbox(1);
    expect(await openTimes()).toEqual([all[all.length - 1]]);
  });
});
