import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEY } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import { DemoAccount } from './account/demo-account.js';
import { loadMarkets } from './markets/markets.js';
import type { Trader } from './service.js';
import { createHarness, makeSignal, plain, type Harness } from './testing/harness.js';

let h: Harness;
let trader: Trader;

beforeAll(async () => {
  h = await createHarness('trader-signals', { SYMBOLS: 'BTC/USDC,ETH/USDC' });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

const ordersFor = (signalId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).execute();
const tradesFor = (signalId: string) =>
  h.testDb.db.selectFrom('trades').selectAll().where('signal_id', '=', signalId).execute();
const waitForOrder = (signalId: string) =>
  waitFor(async () => (await ordersFor(signalId))[0], { what: `the order of signal ${signalId}` });
const balance = async (asset: string) => {
  const row = await h.testDb.db.selectFrom('demo_balances').selectAll().where('asset', '=', asset).executeTakeFirst();
  return row ? plain(row.free) : null;
};
const position = async (strategy: string, symbol = 'BTC/USDC') => {
  const row = await h.testDb.db
    .selectFrom('positions')
    .selectAll()
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .executeTakeFirst();
  return row ? { quantity: plain(row.quantity), cost: plain(row.cost) } : null;
};

describe('signals from the durable stream', () => {
  it('turns a BUY into one order and one trade, with balances and position written with it', async () => {
    const signal = makeSignal({ strategy: 'Fill_Strategy', price: '50000' });
    await h.stream.append(signal);
    const order = await waitForOrder(signal.id);
    // The order is visible only once its transaction committed: everything else must be there already.
    const [trades, usdc, btc, pos] = await Promise.all([
      tradesFor(signal.id),
      balance('USDC'),
      balance('BTC'),
      position('Fill_Strategy'),
    ]);
    expect(order).toMatchObject({ status: 'filled', side: 'BUY', strategy: 'Fill_Strategy', demo: true, reason: null });
    expect(order.client_order_id).toMatch(/^rt-s-[0-9a-f]{31}$/);
    expect(trades).toHaveLength(1);
    const trade = trades[0]!;
    expect({
      price: plain(trade.price),
      quantity: plain(trade.quantity),
      quote: plain(trade.quote_quantity),
      fee: plain(trade.fee),
      feeCurrency: trade.fee_currency,
      role: trade.role,
      status: trade.status,
      realized: trade.realized_pnl,
      orderId: trade.order_id,
      timestamp: trade.timestamp.getTime(),
    }).toEqual({
      price: '50025',
      quantity: '0.001',
      quote: '50.025',
      fee: '0.050025',
      feeCurrency: 'USDC',
      role: 'taker',
      status: 'FILLED',
      realized: null,
      orderId: order.id,
      timestamp: signal.timestamp + 60_000 - 1, // the candle's close time
    });
    expect(usdc).toBe('9949.924975');
    expect(btc).toBe('0.001');
    expect(pos).toEqual({ quantity: '0.001', cost: '50.025' });
  });

  it('sells the whole position on SELL and stores the gross realized PnL on the trade', async () => {
    const buy = makeSignal({ strategy: 'RoundTrip', price: '40000' });
    const sell = makeSignal({ strategy: 'RoundTrip', side: 'SELL', price: '41000' });
    await h.stream.append(buy);
    await h.stream.append(sell);
    await waitForOrder(sell.id);
    const [trade] = await tradesFor(sell.id);
    // bought at 40020 (40000 × 1.0005), sold at 40979.5 (41000 × 0.9995), 0.001 BTC
    expect({ price: plain(trade!.price), realized: plain(trade!.realized_pnl) }).toEqual({
      price: '40979.5',
      realized: '0.9595',
    });
    expect(await position('RoundTrip')).toEqual({ quantity: '0', cost: '0' });
  });

  it('records a BUY while holding and a SELL while flat as rejected, trading nothing', async () => {
    const first = makeSignal({ strategy: 'Holder' });
    const again = makeSignal({ strategy: 'Holder' });
    const flatSell = makeSignal({ strategy: 'Flat', side: 'SELL' });
    for (const s of [first, again, flatSell]) await h.stream.append(s);
    const [rejectedBuy, rejectedSell] = [await waitForOrder(again.id), await waitForOrder(flatSell.id)];
    expect(rejectedBuy).toMatchObject({ status: 'rejected' });
    expect(rejectedBuy.reason).toBe('Holder already holds 0.001 BTC of BTC/USDC; it buys again only when flat');
    expect(rejectedSell).toMatchObject({ status: 'rejected', reason: 'Flat holds no BTC of BTC/USDC to sell' });
    expect(await tradesFor(again.id)).toHaveLength(0);
    expect(await tradesFor(flatSell.id)).toHaveLength(0);
    expect(await position('Holder')).toEqual({ quantity: '0.001', cost: '50.025' });
  });

  it('rejects a BUY below the market minimum with the reason', async () => {
    const signal = makeSignal({ strategy: 'SmallEth', symbol: 'ETH/USDC', price: '3000' });
    await h.stream.append(signal);
    const order = await waitForOrder(signal.id);
    expect(order).toMatchObject({ status: 'rejected' });
    expect(order.reason).toBe('order value 3.0015 USDC is below the minimum 5 USDC of ETH/USDC');
  });

  it('records a signal older than SIGNAL_MAX_AGE as expired and trades nothing', async () => {
    const usdcBefore = await balance('USDC');
    const signal = makeSignal({ strategy: 'Late', createdAt: Date.now() - 6 * 60_000 });
    await h.stream.append(signal);
    const order = await waitForOrder(signal.id);
    expect(order.status).toBe('expired');
    expect(order.reason).toMatch(/^signal is 36\ds old; SIGNAL_MAX_AGE is 300s$/);
    expect(await tradesFor(signal.id)).toHaveLength(0);
    expect(await position('Late')).toBeNull();
    expect(await balance('USDC')).toBe(usdcBefore);
  });

  it('rejects a signal for a symbol that is not traded here', async () => {
    const signal = makeSignal({ strategy: 'Elsewhere', symbol: 'SOL/USDC' });
    await h.stream.append(signal);
    expect((await waitForOrder(signal.id)).reason).toBe('SOL/USDC is not traded here (SYMBOLS is BTC/USDC,ETH/USDC)');
  });

  it('gives one order when the same signal is appended twice', async () => {
    const signal = makeSignal({ strategy: 'Twice' });
    await h.stream.append(signal);
    await h.stream.append(signal);
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(await tradesFor(signal.id)).toHaveLength(1);
  });
});

describe('restarts and crashes', () => {
  it('gives one order when the analyzer re-emits a signal after a restart (same id, new createdAt)', async () => {
    const signal = makeSignal({ strategy: 'Reemit' });
    await h.stream.append(signal);
    await waitForOrder(signal.id);
    await trader.stop();
    await h.stream.append({ ...signal, createdAt: Date.now() + 1 });
    trader = await h.start();
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(trader.account.stats.duplicateSignals).toBe(1);
  });

  it('acknowledges, without a second order, an entry committed by a trader killed before its XACK', async () => {
    await trader.stop();
    // The state a SIGKILL between commit and XACK leaves: the entry read by our consumer name
    // (so it sits in the group's pending list) and its order committed by the same account code.
    const signal = makeSignal({ strategy: 'Killed' });
    await h.stream.append(signal);
    const reply = (await h.bus.redis.call(
      'XREADGROUP',
      'GROUP',
      KEY.signalGroup,
      'trader-1',
      'COUNT',
      '100',
      'STREAMS',
      h.stream.streamKey,
      '>',
    )) as [string, [string, string[]][]][];
    const entries = reply[0]![1];
    expect(entries).toHaveLength(1);
    const crashed = new DemoAccount({ db: h.testDb.db, config: h.config(), markets: loadMarkets(), logger: h.logger });
    expect((await crashed.handleSignal(signal)).kind).toBe('recorded');
    expect(await h.stream.lag()).toEqual({ pending: 1, undelivered: 0 });

    trader = await h.start();
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(await tradesFor(signal.id)).toHaveLength(1);
    expect(trader.account.stats.duplicateSignals).toBe(1);
    expect(await h.stream.lag()).toEqual({ pending: 0, undelivered: 0 });
  });

  it('reclaims an entry another consumer died holding, and still has one order', async () => {
    await trader.stop();
    const signal = makeSignal({ strategy: 'Orphan' });
    await h.stream.append(signal);
    await h.bus.redis.call(
      'XREADGROUP',
      'GROUP',
      KEY.signalGroup,
      'trader-crashed',
      'COUNT',
      '100',
      'STREAMS',
      h.stream.streamKey,
      '>',
    );
    const crashed = new DemoAccount({ db: h.testDb.db, config: h.config(), markets: loadMarkets(), logger: h.logger });
    await crashed.handleSignal(signal);

    trader = await h.start({ SIGNAL_CLAIM_IDLE_MS: '50' });
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(trader.account.stats.duplicateSignals).toBe(1);
  });

  it('trades a pending entry that was never committed when it comes back', async () => {
    await trader.stop();
    const signal = makeSignal({ strategy: 'Uncommitted' });
    await h.stream.append(signal);
    await h.bus.redis.call(
      'XREADGROUP',
      'GROUP',
      KEY.signalGroup,
      'trader-1',
      'COUNT',
      '100',
      'STREAMS',
      h.stream.streamKey,
      '>',
    );
    expect(await ordersFor(signal.id)).toHaveLength(0);
    trader = await h.start();
    await h.drained();
    expect((await ordersFor(signal.id)).map((o) => o.status)).toEqual(['filled']);
  });
});
