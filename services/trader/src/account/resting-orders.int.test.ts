import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, plain, type Harness } from '../testing/harness.js';

// Resting paper limit orders and the rest of the account: the risk manager counts resting BUYs,
// and close-all cancels a resting SELL before it sells the position.
let h: Harness;
let trader: Trader;
const MINUTE = 60_000;
const T0 = Math.floor((Date.now() - 3_600_000) / MINUTE) * MINUTE;

beforeAll(async () => {
  h = await createHarness('trader-resting', {
    DEMO_BALANCES: 'USDC=10000',
    FEE_RATE: '0',
    SLIPPAGE: '0',
    RISK_MAX_EXPOSURE_PCT: '30',
  });
  trader = await h.start();
  await h.publishBar('BTC/USDC', { startTime: T0, open: '50000' });
  await waitFor(() => trader.prices.get('BTC/USDC') !== undefined, { what: 'the first candle' });
  await trader.runner.idle();
});

afterAll(async () => {
  await h?.close();
});

const trade = async (body: Record<string, unknown>) => {
  const res = await h.post(trader, '/trade', { symbol: 'BTC/USDC', ...body });
  return { status: res.status, body: (await res.json()) as { error?: string; order: { clientOrderId: string } } };
};
const orderRow = (clientOrderId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('client_order_id', '=', clientOrderId).executeTakeFirstOrThrow();

describe('resting limit orders and risk', () => {
  it('counts a resting BUY toward the exposure limit', async () => {
    // 0.05 × 45,000 = 2,250 of 10,000 (22.5 %) rests below the market.
    const resting = await trade({ side: 'BUY', type: 'limit', quantity: '0.05', price: '45000' });
    expect(resting.status).toBe(202);
    // 0.02 at 50,000 = 1,000: 10 % alone, 32.5 % with the resting BUY.
    const refused = await trade({ side: 'BUY', quantity: '0.02' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/exposure to BTC would be 32\.5% .* above RISK_MAX_EXPOSURE_PCT 30/);
    // Cancelled, the same order is allowed.
    await h.post(trader, `/orders/${resting.body.order.clientOrderId}/cancel`, {});
    expect((await trade({ side: 'BUY', quantity: '0.02' })).status).toBe(201);
  });

  it('close-all cancels a resting SELL of the position first, then sells all of it', async () => {
    const sell = await trade({ side: 'SELL', type: 'limit', quantity: '0.01', price: '90000' });
    expect(sell.status).toBe(202);
    const close = await h.post(trader, '/positions/close-all', { scope: 'all', requestedBy: 'dana' });
    expect(close.status).toBe(200);
    const { orders } = (await close.json()) as { orders: { status: string; quantity: string }[] };
    expect(orders.map((o) => [o.status, plain(o.quantity)])).toEqual([['filled', '0.02']]);
    expect((await orderRow(sell.body.order.clientOrderId)).status).toBe('canceled');
    const btc = await h.testDb.db
      .selectFrom('demo_balances')
      .selectAll()
      .where('asset', '=', 'BTC')
      .executeTakeFirstOrThrow();
    expect([plain(btc.free), plain(btc.locked)]).toEqual(['0', '0']);
    const audit = await h.testDb.db
      .selectFrom('operator_actions')
      .selectAll()
      .where('action', '=', 'close_all')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ cancelled: [sell.body.order.clientOrderId] });
  });
});
