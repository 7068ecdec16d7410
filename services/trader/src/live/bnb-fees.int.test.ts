import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { BinanceSpotDouble } from '@roottrading/exchange-double';
import { waitFor } from '@roottrading/testing';
import { plain, type Harness } from '../testing/harness.js';
import type { LiveTrader } from './live-trader.js';
import { createLiveHarness, type LiveHarness } from './testing/live-harness.js';

/**
 * Fees paid in BNB (binance's "pay fees with BNB") through the whole live trader, against the
 * exchange double over real HTTP: each fee is valued in USDC at the BNB/USDC price and counted in
 * the fill, the order's trade and the position — at the cost of one tickers request per order.
 *
 * Hand-computed: taker rate 0.001, BNB at 300 USDC. A fill worth V USDC costs V × 0.001 × 0.75 ÷ 300
 * BNB, worth V × 0.00075 USDC.
 */
let lh: LiveHarness;
let h: Harness;
let double: BinanceSpotDouble;

const start = async (over: Record<string, string> = {}) => {
  const t = await lh.start(over);
  // The first balance publish reads tickers too: let it pass before counting.
  await waitFor(() => t.publisher.published >= 1, { what: 'the first balance publish' });
  return t;
};
const stop = (t: LiveTrader) => lh.stop(t);
const trade = async (t: LiveTrader, body: Record<string, unknown>) => {
  const res = await lh.call(t, 'POST', '/trade', body);
  const json = (await res.json()) as { order: { clientOrderId: string; status: string } };
  return { status: res.status, order: json.order };
};
const db = () => h.testDb.db;
const fillsOf = (clientOrderId: string) =>
  db().selectFrom('live_fills').selectAll().where('client_order_id', '=', clientOrderId).orderBy('id').execute();
const tradeOf = (clientOrderId: string) =>
  db().selectFrom('trades').selectAll().where('client_order_id', '=', clientOrderId).executeTakeFirstOrThrow();
const position = () =>
  db()
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', false)
    .where('strategy', '=', 'manual')
    .where('symbol', '=', 'BTC/USDC')
    .executeTakeFirstOrThrow();
const lastClosed = () =>
  db()
    .selectFrom('closed_positions')
    .selectAll()
    .where('demo', '=', false)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
/**
 * Tickers requests made to value fees: only BNB/USDC. (The balance publisher and the risk check
 * read BTC/USDC and BNB/USDC together: the account holds some BTC throughout.)
 */
const feePriceReads = () =>
  double.requests.filter((r) => r.path === '/api/v3/ticker/24hr' && r.params.symbols === '["BNBUSDC"]').length;
const fees = (rows: { fee: string; fee_currency: string; fee_quote: string | null }[]) =>
  rows.map((r) => [plain(r.fee), r.fee_currency, plain(r.fee_quote)]);

beforeAll(async () => {
  lh = await createLiveHarness('trader-live-bnb', {
    payFeesWithBnb: true,
    balances: { USDC: '10000', BTC: '0.1', BNB: '1' },
  });
  ({ h, double } = lh);
});

afterAll(async () => {
  await lh?.close();
});

beforeEach(async () => {
  await db().deleteFrom('positions').where('demo', '=', false).execute();
  double.account.payFeesWithBnb = true;
  double.account.setPrice('BTC/USDC', '30000');
  double.account.setPrice('BNB/USDC', '300');
});

describe('live fees paid in BNB', () => {
  it('values a BUY’s and a SELL’s BNB fees in USDC on the fills, the trades and the closed position', async () => {
    const t = await start();
    const reads = feePriceReads();

    // BUY 0.002 at 30000 = 60 USDC: 0.00015 BNB, worth 0.045 USDC. The whole 0.002 BTC is held.
    const buy = await trade(t, { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.002' });
    expect(buy.status).toBe(201);
    expect(fees(await fillsOf(buy.order.clientOrderId))).toEqual([['0.00015', 'BNB', '0.045']]);
    expect(await tradeOf(buy.order.clientOrderId)).toMatchObject({ fee_currency: 'BNB' });
    expect(plain((await tradeOf(buy.order.clientOrderId)).fee_quote)).toBe('0.045');
    const held = await position();
    expect([plain(held.quantity), plain(held.cost), plain(held.fees)]).toEqual(['0.002', '60', '0.045']);
    expect(feePriceReads() - reads).toBe(1);

    // SELL it at 31000 = 62 USDC: 0.000155 BNB, worth 0.0465 USDC. Gross 2, fees 0.0915, net 1.9085.
    double.account.setPrice('BTC/USDC', '31000');
    const sell = await trade(t, { symbol: 'BTCUSDC', side: 'SELL', quantity: '0.002' });
    expect(sell.status).toBe(201);
    expect(fees(await fillsOf(sell.order.clientOrderId))).toEqual([['0.000155', 'BNB', '0.0465']]);
    const sold = await tradeOf(sell.order.clientOrderId);
    expect([plain(sold.fee_quote), plain(sold.realized_pnl)]).toEqual(['0.0465', '2']);
    const closed = await lastClosed();
    expect([plain(closed.gross_pnl), plain(closed.fees), plain(closed.net_pnl)]).toEqual(['2', '0.0915', '1.9085']);
    expect(plain((await position()).quantity)).toBe('0');
    expect(feePriceReads() - reads).toBe(2);
    expect(double.account.balance('BNB').free).toBe('0.99969500');

    // Without BNB fees: the BTC bought pays (0.000001 BTC × 30000 = 0.03 USDC), and no price is read.
    double.account.payFeesWithBnb = false;
    double.account.setPrice('BTC/USDC', '30000');
    const plainBuy = await trade(t, { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(fees(await fillsOf(plainBuy.order.clientOrderId))).toEqual([['0.000001', 'BTC', '0.03']]);
    expect(plain((await tradeOf(plainBuy.order.clientOrderId)).fee_quote)).toBe('0.03');
    expect(plain((await position()).fees)).toBe('0.03');
    const plainSell = await trade(t, { symbol: 'BTCUSDC', side: 'SELL', quantity: '0.00099' });
    expect(fees(await fillsOf(plainSell.order.clientOrderId))).toEqual([['0.0297', 'USDC', '0.0297']]);
    expect(feePriceReads() - reads).toBe(2);
    await stop(t);
  }, 60_000);

  it('values the BNB fee of a fill reconciled at start-up', async () => {
    const t = await start();
    const limit = await trade(t, {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '29000',
    });
    expect(limit.status).toBe(202);
    await stop(t);
    // While the trader is down it fills as a maker: 29 USDC → 0.0000725 BNB, worth 0.02175 USDC.
    double.fillOrder({ clientOrderId: limit.order.clientOrderId });
    const reads = feePriceReads();

    const again = await start();
    expect(fees(await fillsOf(limit.order.clientOrderId))).toEqual([['0.0000725', 'BNB', '0.02175']]);
    expect(plain((await tradeOf(limit.order.clientOrderId)).fee_quote)).toBe('0.02175');
    const held = await position();
    expect([plain(held.quantity), plain(held.cost), plain(held.fees)]).toEqual(['0.001', '29', '0.02175']);
    expect(feePriceReads() - reads).toBe(1);
    await stop(again);
  }, 60_000);

  it('records a fill whose BNB price cannot be read, its fee unvalued (null), and loses nothing', async () => {
    const t = await start({ LIVE_RETRY_ATTEMPTS: '1' });
    const buy = await trade(t, { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(buy.status).toBe(201);
    expect(plain((await position()).fees)).toBe('0.0225');
    // The balance publish that follows the fill reads tickers too: let it pass first.
    await t.publisher.quiet();

    // A limit SELL that crosses fills at once, and reads no price first (no risk check on a SELL,
    // the limit is the reference price): the one tickers request that fails is its fee's.
    double.fail({ method: 'GET', path: '/api/v3/ticker/24hr' }, { kind: 'unavailable' });
    const placements = double.placements().length;
    const sell = await trade(t, { symbol: 'BTCUSDC', side: 'SELL', quantity: '0.001', type: 'limit', price: '29000' });
    expect(sell.status).toBe(201);
    expect(sell.order.status).toBe('filled');
    expect(double.placements().length - placements).toBe(1);
    expect(double.faults.pending()).toBe(0);
    expect(fees(await fillsOf(sell.order.clientOrderId))).toEqual([['0.000075', 'BNB', null]]);
    // What is known: the BUY's fee only. The SELL's BNB stays on its fill, as charged, unvalued.
    const sold = await tradeOf(sell.order.clientOrderId);
    expect([plain(sold.fee), sold.fee_currency, sold.fee_quote, plain(sold.realized_pnl)]).toEqual([
      '0.000075',
      'BNB',
      null,
      '0',
    ]);
    const closed = await lastClosed();
    expect([plain(closed.fees), plain(closed.net_pnl)]).toEqual(['0.0225', '-0.0225']);
    expect(plain((await position()).quantity)).toBe('0');
    await stop(t);
  }, 60_000);
});
