import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { upsertCandles, type OrderRow } from '@roottrading/db';
import { sql } from 'kysely';
import { loadMarkets } from '../markets/markets.js';
import { LastPrices } from '../prices/last-prices.js';
import { seedPricesFromCandles } from '../prices/seed-prices.js';
import { candle, createHarness, plain, type Harness } from '../testing/harness.js';
import { DemoAccount } from './demo-account.js';

/**
 * Resting paper limit orders and the candles stored while the trader was down: at start they are
 * replayed against the open orders, which fill where an exchange would have filled them.
 *
 * Each account here starts the way startTrader starts it (prices seeded from the newest stored
 * candle, then `load`). The order's placement time is its row's `created_at` (the database clock),
 * so the candles that follow it lie after the wall clock: the restarted account is given a `now`
 * ten minutes or so past them.
 */
let h: Harness;
const MIN = 60_000;

beforeEach(async () => {
  h = await createHarness('trader-catch-up', {
    SYMBOLS: 'BTC/USDC,ETH/USDC',
    DEMO_BALANCES: 'USDC=1000',
    FEE_RATE: '0.001',
    SLIPPAGE: '0',
    RISK_MAX_EXPOSURE_PCT: '0',
  });
});

afterEach(async () => {
  await h?.close();
});

/** Starts an account as startTrader does; `now` is its wall clock. */
async function start(now: () => number = Date.now): Promise<DemoAccount> {
  const config = h.config();
  const prices = new LastPrices();
  await seedPricesFromCandles(h.testDb.db, prices, config.SYMBOLS, config.INTERVAL);
  const account = new DemoAccount({ db: h.testDb.db, config, markets: loadMarkets(), logger: h.logger, prices, now });
  await account.seedIfEmpty();
  await account.load();
  return account;
}

async function buy(account: DemoAccount, symbol: string, quantity: string, price: string): Promise<OrderRow> {
  const outcome = await account.placeLimitOrder({ symbol, side: 'BUY', quantity: dec(quantity), price: dec(price) });
  if (outcome.kind !== 'order') throw new Error(`unexpected ${outcome.kind}`);
  expect(outcome.result.order.status).toBe('open');
  return outcome.result.order;
}

/** The open time of the first candle that opens after the order was placed. */
const nextMinute = (order: OrderRow) => (Math.floor(order.created_at.getTime() / MIN) + 1) * MIN;

/** Stores candles as the gateway does: [open time, open, high, low]. */
async function store(symbol: string, bars: [number, string, string, string][]): Promise<void> {
  await upsertCandles(
    h.testDb.db,
    bars.map(([start, open, high, low]) => ({
      symbol,
      interval: '1m',
      open_time: new Date(start),
      close_time: new Date(start + MIN - 1),
      open,
      high,
      low,
      close: low,
      volume: '1',
      source: 'synthetic',
    })),
  );
}

async function balance(asset: string) {
  const row = await h.testDb.db.selectFrom('demo_balances').selectAll().where('asset', '=', asset).executeTakeFirst();
  return { free: plain(row?.free ?? '0'), locked: plain(row?.locked ?? '0') };
}
const orderRow = (id: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const allTrades = () => h.testDb.db.selectFrom('trades').selectAll().orderBy('id').execute();
const fills = async () =>
  (await allTrades()).map((t) => ({
    symbol: t.symbol,
    side: t.side,
    price: plain(t.price),
    quantity: plain(t.quantity),
    fee: plain(t.fee),
    role: t.role,
    time: t.timestamp.getTime(),
  }));

/** A BTC/USDC BUY limit filled: price, quantity, fee, trade time. */
const makerBuy = (price: string, quantity: string, fee: string, time: number) => ({
  symbol: 'BTC/USDC',
  side: 'BUY',
  price,
  quantity,
  fee,
  role: 'maker',
  time,
});

/** A BUY 0.01 BTC at 49,000 resting; the trader stops; the stored candles trade through it. */
async function restingThroughDowntime() {
  const a = await start();
  const order = await buy(a, 'BTC/USDC', '0.01', '49000');
  // 0.01 × 49,000 = 490, fee 0.49: 490.49 moves from free to locked.
  expect(await balance('USDC')).toEqual({ free: '509.51', locked: '490.49' });
  await a.stop();
  const t = nextMinute(order);
  await store('BTC/USDC', [
    [t, '50000', '50100', '49500'], // above the price
    [t + MIN, '49800', '49900', '48800'], // trades through 49,000
    [t + 2 * MIN, '48000', '48100', '47000'], // lower still, but the order has filled already
  ]);
  return { order, t };
}

describe('open demo limit orders at start', () => {
  it('fills a BUY on the stored candle that traded through its price, at that price and time', async () => {
    const { order, t } = await restingThroughDowntime();
    const b = await start(() => t + 10 * MIN);

    const row = await orderRow(order.id);
    expect(row.status).toBe('filled');
    expect(plain(row.filled_quantity)).toBe('0.01');
    // Its trade time is the close of the candle that traded through.
    expect(await fills()).toEqual([makerBuy('49000', '0.01', '0.49', t + 2 * MIN - 1)]);
    // The 490.49 locked is spent: 490 for the coins, 0.49 fee.
    expect(await balance('USDC')).toEqual({ free: '509.51', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.01', locked: '0' });
    const position = await h.testDb.db.selectFrom('positions').selectAll().executeTakeFirstOrThrow();
    expect({ strategy: position.strategy, quantity: plain(position.quantity), cost: plain(position.cost) }).toEqual({
      strategy: 'manual',
      quantity: '0.01',
      cost: '490', // the fee is in the trade, not the cost
    });
    // The account in memory agrees with the database.
    expect(b.snapshot()).toEqual(await b.read());
    expect(await b.openOrders()).toEqual([]);
    expect(b.stats.ordersFilled).toBe(1);
    await b.stop();
  });

  it('fills at the open of a candle that opened below a BUY price', async () => {
    const a = await start();
    const order = await buy(a, 'BTC/USDC', '0.002', '48000');
    // 96 + fee 0.096 locked.
    expect(await balance('USDC')).toEqual({ free: '903.904', locked: '96.096' });
    await a.stop();
    const t = nextMinute(order);
    await store('BTC/USDC', [
      [t, '49000', '49100', '48500'],
      [t + MIN, '47500', '47600', '47000'], // opens below 48,000: filled at 47,500
    ]);

    const b = await start(() => t + 10 * MIN);
    expect((await orderRow(order.id)).status).toBe('filled');
    // 0.002 × 47,500 = 95, fee 0.095.
    expect(await fills()).toEqual([makerBuy('47500', '0.002', '0.095', t + 2 * MIN - 1)]);
    expect(await balance('USDC')).toEqual({ free: '904.905', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.002', locked: '0' });
    await b.stop();
  });

  it('leaves an order the stored candles did not reach open, and a later live candle still fills it', async () => {
    const a = await start();
    const order = await buy(a, 'BTC/USDC', '0.01', '45000');
    await a.stop();
    const t = nextMinute(order);
    await store('BTC/USDC', [
      [t, '46000', '46500', '45500'],
      [t + MIN, '45800', '46000', '45000.01'], // one cent short
    ]);

    const b = await start(() => t + 10 * MIN);
    expect((await orderRow(order.id)).status).toBe('open');
    expect((await b.openOrders()).map((o) => o.order.id)).toEqual([order.id]);
    expect(await allTrades()).toEqual([]);
    // 450 + fee 0.45 still locked.
    expect(await balance('USDC')).toEqual({ free: '549.55', locked: '450.45' });

    // The next candle, live: it trades through.
    b.onCandle({ ...candle('BTC/USDC', '45200', t + 2 * MIN), open: '45500', high: '45600', low: '44900' });
    await b.queue.idle();
    expect((await orderRow(order.id)).status).toBe('filled');
    expect(await fills()).toEqual([makerBuy('45000', '0.01', '0.45', t + 3 * MIN - 1)]);
    expect(await balance('USDC')).toEqual({ free: '549.55', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.01', locked: '0' });
    await b.stop();
  });

  it('changes nothing on a second restart', async () => {
    const { order, t } = await restingThroughDowntime();
    const b = await start(() => t + 10 * MIN);
    await b.stop();
    const before = { trades: await fills(), row: await orderRow(order.id), usdc: await balance('USDC') };
    // More stored candles through the price: nothing is open to fill.
    await store('BTC/USDC', [[t + 3 * MIN, '47000', '47000', '46000']]);

    const c = await start(() => t + 20 * MIN);
    expect(await fills()).toEqual(before.trades);
    expect(await fills()).toHaveLength(1);
    expect(await orderRow(order.id)).toEqual(before.row);
    expect(await balance('USDC')).toEqual(before.usdc);
    expect(await balance('BTC')).toEqual({ free: '0.01', locked: '0' });
    expect(c.stats.ordersFilled).toBe(0);
    await c.stop();
  });

  it('never fills an order on a candle that opened before it was placed', async () => {
    const a = await start();
    const order = await buy(a, 'BTC/USDC', '0.01', '49000');
    await a.stop();
    // The candle that was forming when the order was placed, and the one before: both trade through.
    const forming = Math.floor(order.created_at.getTime() / MIN) * MIN;
    await store('BTC/USDC', [
      [forming - MIN, '48000', '48500', '47000'],
      [forming, '48500', '49500', '48000'],
      [forming + MIN, '49500', '50000', '49100'], // after the order: does not reach 49,000
    ]);

    const b = await start(() => forming + 10 * MIN);
    expect((await orderRow(order.id)).status).toBe('open');
    expect(await allTrades()).toEqual([]);
    expect(await balance('USDC')).toEqual({ free: '509.51', locked: '490.49' });

    // A candle after it that trades through does fill it.
    b.onCandle({ ...candle('BTC/USDC', '49000', forming + 2 * MIN), open: '49200', high: '49300', low: '48900' });
    await b.queue.idle();
    expect((await orderRow(order.id)).status).toBe('filled');
    expect((await fills()).map((f) => [f.price, f.time])).toEqual([['49000', forming + 3 * MIN - 1]]);
    await b.stop();
  });

  it('fills in candle-time order across symbols', async () => {
    const a = await start();
    // BTC's order is the older one, but ETH's candle traded through first.
    const btc = await buy(a, 'BTC/USDC', '0.001', '49000');
    const eth = await buy(a, 'ETH/USDC', '0.01', '3000');
    await a.stop();
    const t = Math.max(nextMinute(btc), nextMinute(eth));
    await store('BTC/USDC', [
      [t, '50000', '50000', '49500'],
      [t + MIN, '49500', '49500', '49100'],
      [t + 2 * MIN, '49100', '49200', '48900'],
    ]);
    await store('ETH/USDC', [
      [t, '3100', '3100', '3050'],
      [t + MIN, '3050', '3060', '2990'],
    ]);

    const b = await start(() => t + 10 * MIN);
    expect((await fills()).map((f) => [f.symbol, f.price, f.time])).toEqual([
      ['ETH/USDC', '3000', t + 2 * MIN - 1],
      ['BTC/USDC', '49000', t + 3 * MIN - 1],
    ]);
    // 49 + 0.049 and 30 + 0.03.
    expect(await balance('USDC')).toEqual({ free: '920.921', locked: '0' });
    expect(await balance('BTC')).toEqual({ free: '0.001', locked: '0' });
    expect(await balance('ETH')).toEqual({ free: '0.01', locked: '0' });
    await b.stop();
  });

  it('catches up when the trader itself starts (startTrader)', async () => {
    const first = await h.start();
    const res = await h.post(first, '/trade', {
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'limit',
      quantity: '0.01',
      price: '49000',
    });
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: { id: string } };
    await first.stop();
    // created_at is the placement time the catch-up goes by: an hour back stands for an order
    // placed an hour ago, so that the candles since then have closed by the wall clock.
    const hourAgo = Math.floor((Date.now() - 3_600_000) / MIN) * MIN;
    await sql`update orders set created_at = ${new Date(hourAgo + 30_000)} where id = ${order.id}`.execute(h.testDb.db);
    await store('BTC/USDC', [
      [hourAgo, '48000', '48000', '47000'], // opened before the order
      [hourAgo + 10 * MIN, '50000', '50100', '49500'],
      [hourAgo + 20 * MIN, '49800', '49900', '48800'], // trades through 49,000
    ]);

    const second = await h.start();
    expect((await orderRow(order.id)).status).toBe('filled');
    expect((await fills()).map((f) => [f.price, f.time])).toEqual([['49000', hourAgo + 21 * MIN - 1]]);
    expect(await balance('USDC')).toEqual({ free: '509.51', locked: '0' });
    await second.stop();
  });
});
