import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@roottrading/bus';
import { insertSignals } from '@roottrading/db';
import { TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import type { Trader } from './service.js';
import { createHarness, makeSignal, plain, type Harness } from './testing/harness.js';

/**
 * Anyone who can write to Redis could put an entry on the analysed-candle stream: the issue's
 * forged BUY at 6,003 USDT with the market at 28,110. The trader trades only signals stored in
 * `signals` as the entry carries them, and with BUS_SECRET only entries signed with it.
 */
const SECRET = 'trader-test-bus-secret-0123456789abcdef';

interface Health {
  details: { signalsForged: number; signatureRejects: number; candlesStepped: number };
}
const healthOf = async (trader: Trader) =>
  ((await (await fetch(`http://127.0.0.1:${trader.port}/health`)).json()) as Health).details;
const ordersFor = (h: Harness, signalId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).execute();
const tradeCount = async (h: Harness) => (await h.testDb.db.selectFrom('trades').select('id').execute()).length;
const filledPrice = async (h: Harness, signalId: string) => {
  const order = await waitFor(async () => (await ordersFor(h, signalId))[0], { what: `the order of ${signalId}` });
  const trade = await h.testDb.db.selectFrom('trades').selectAll().where('order_id', '=', order.id).executeTakeFirst();
  return { status: order.status, price: trade ? plain(trade.price) : null };
};

describe('signals the analyzer did not store', () => {
  let h: Harness;
  let trader: Trader;
  beforeAll(async () => {
    h = await createHarness('trader-trust', { SYMBOLS: 'BTC/USDT' });
    trader = await h.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses an entry whose signal has no stored row: counted on /health, acknowledged, no order', async () => {
    const ghost = makeSignal({ strategy: 'Ghost_Strategy', symbol: 'BTC/USDT', price: '6003' });
    const before = await healthOf(trader);
    await h.appendUnstored(h.entryOf([ghost]));
    await h.drained();
    const after = await healthOf(trader);
    expect(after.signalsForged - before.signalsForged).toBe(1);
    // Not even its candle was stepped.
    expect(after.candlesStepped).toBe(before.candlesStepped);
    expect(await ordersFor(h, ghost.id)).toEqual([]);
    expect(await tradeCount(h)).toBe(0);
    expect(await h.analysed.lag()).toEqual({ pending: 0, undelivered: 0 });
  });

  it('refuses an entry whose signal differs from its row (the price changed), and still trades the real one', async () => {
    const real = makeSignal({ strategy: 'RSI_Strategy', symbol: 'BTC/USDT', price: '28110' });
    const entry = h.entryOf([real]);
    await insertSignals(h.testDb.db, entry.signals);
    const forgedPrice = { ...entry, signals: entry.signals.map((s) => ({ ...s, price: '6003' })) };
    const before = (await healthOf(trader)).signalsForged;
    await h.appendUnstored(forgedPrice);
    await h.drained();
    expect((await healthOf(trader)).signalsForged - before).toBe(1);
    expect(await ordersFor(h, real.id)).toEqual([]);

    // The analyzer's own entry of that candle is not held up by the forged one.
    await h.appendUnstored(entry);
    // 28110 plus the default 0.05 % slippage, on the market's 0.01 tick.
    expect(await filledPrice(h, real.id)).toEqual({ status: 'filled', price: '28124.06' });
  });

  it('refuses an entry whose protections were changed, or added to a signal stored without any', async () => {
    const guarded = makeSignal({ strategy: 'Guarded', symbol: 'BTC/USDT', price: '28110', stopLoss: '27000' });
    const plainBuy = makeSignal({ strategy: 'Unguarded', symbol: 'BTC/USDT', price: '28110' });
    const a = h.entryOf([guarded]);
    const b = h.entryOf([plainBuy]);
    await insertSignals(h.testDb.db, [...a.signals, ...b.signals]);
    const before = (await healthOf(trader)).signalsForged;
    await h.appendUnstored({ ...a, signals: a.signals.map((s) => ({ ...s, stopLoss: '100' })) });
    await h.appendUnstored({ ...b, signals: b.signals.map((s) => ({ ...s, takeProfit: '100000' })) });
    await h.drained();
    expect((await healthOf(trader)).signalsForged - before).toBe(2);
    expect(await ordersFor(h, guarded.id)).toEqual([]);
    expect(await ordersFor(h, plainBuy.id)).toEqual([]);
  });

  it('trades an entry stored the way the analyzer stores it, protections included', async () => {
    const stored = makeSignal({
      strategy: 'Stored_Strategy',
      symbol: 'BTC/USDT',
      price: '28110',
      stopLoss: '27548.8',
      takeProfit: '28953.3',
      trailingStop: { type: 'percent', value: '0.015' },
    });
    const before = (await healthOf(trader)).signalsForged;
    await h.sendSignals([stored]);
    expect(await filledPrice(h, stored.id)).toEqual({ status: 'filled', price: '28124.06' });
    const position = await h.testDb.db
      .selectFrom('positions')
      .selectAll()
      .where('strategy', '=', 'Stored_Strategy')
      .executeTakeFirstOrThrow();
    expect([plain(position.stop_loss), plain(position.take_profit)]).toEqual(['27548.8', '28953.3']);
    expect((await healthOf(trader)).signalsForged).toBe(before);
  });
});

describe('with BUS_SECRET', () => {
  let h: Harness;
  let trader: Trader;
  beforeAll(async () => {
    h = await createHarness('trader-signed', { SYMBOLS: 'BTC/USDT', BUS_SECRET: SECRET });
    trader = await h.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('drops and counts an unsigned entry and one signed with another secret, even with its signal stored; trades a signed one', async () => {
    const unsigned = makeSignal({ strategy: 'Unsigned', symbol: 'BTC/USDT', price: '28110' });
    const unsignedEntry = h.entryOf([unsigned]);
    await insertSignals(h.testDb.db, unsignedEntry.signals);
    await h.bus.redis.xadd(h.analysed.streamKey, '*', 'entry', JSON.stringify(unsignedEntry));

    const wrong = makeSignal({ strategy: 'WrongSecret', symbol: 'BTC/USDT', price: '28110' });
    const wrongEntry = h.entryOf([wrong]);
    await insertSignals(h.testDb.db, wrongEntry.signals);
    const forger = new Bus({
      url: TEST_REDIS_URL,
      namespace: h.namespace,
      logger: h.logger,
      secret: 'not-the-stack-secret-0123456789abcdef',
    });
    await forger.redis.xadd(
      h.analysed.streamKey,
      '*',
      'entry',
      forger.seal(h.analysed.streamKey, JSON.stringify(wrongEntry)),
    );
    await forger.close();
    await h.drained();

    const health = await healthOf(trader);
    expect(health.signatureRejects).toBe(2);
    expect(health.candlesStepped).toBe(0);
    expect(await ordersFor(h, unsigned.id)).toEqual([]);
    expect(await ordersFor(h, wrong.id)).toEqual([]);

    const signed = makeSignal({ strategy: 'Signed', symbol: 'BTC/USDT', price: '28110' });
    await h.sendSignals([signed]);
    expect(await filledPrice(h, signed.id)).toEqual({ status: 'filled', price: '28124.06' });
    expect((await healthOf(trader)).signatureRejects).toBe(2);
  });
});
