import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { LiveTrader } from './live-trader.js';
import { createLiveHarness, type LiveHarness } from './testing/live-harness.js';

/** Live mode's risk controls against the exchange double: protections that survive a crash, the kill switch, sizing. */
let lh: LiveHarness;

const livePosition = (strategy = 'manual') =>
  lh.h.testDb.db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', false)
    .where('strategy', '=', strategy)
    .where('symbol', '=', 'BTC/USDC')
    .executeTakeFirst();
const orderRow = (clientOrderId: string) =>
  lh.h.testDb.db
    .selectFrom('orders')
    .selectAll()
    .where('client_order_id', '=', clientOrderId)
    .executeTakeFirstOrThrow();
const trade = (t: LiveTrader, body: Record<string, unknown>) =>
  lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001', ...body });

beforeAll(async () => {
  lh = await createLiveHarness('trader-live-risk');
});
afterAll(async () => {
  await lh?.close();
});
beforeEach(async () => {
  lh.double.faults.clear();
  lh.double.account.setPrice('BTC/USDC', '50000');
  await lh.h.testDb.db.deleteFrom('positions').where('demo', '=', false).execute();
});

describe('protections written with the order row', () => {
  it('an entry whose fill is learned only by start-up reconciliation opens with its stop and target', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s' });
    // The BUY reaches the exchange and fills, but neither its reply nor a lookup comes back.
    lh.double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    lh.double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 50);
    const res = await trade(t, { stopLoss: '45000', takeProfit: '60000' });
    const { order } = (await res.json()) as { order: { clientOrderId: string; status: string } };
    expect(order.status).toBe('pending');
    expect(await livePosition()).toBeUndefined();
    const row = await orderRow(order.clientOrderId);
    expect([row.stop_loss, row.take_profit]).toEqual(['45000.000000000000000000', '60000.000000000000000000']);
    await lh.stop(t);

    lh.double.faults.clear();
    const again = await lh.start();
    expect((await orderRow(order.clientOrderId)).status).toBe('filled');
    const position = await livePosition();
    expect(position).toMatchObject({ quantity: expect.stringMatching(/^0\.000999/) });
    expect([position!.stop_loss, position!.take_profit]).toEqual([
      '45000.000000000000000000',
      '60000.000000000000000000',
    ]);
    await lh.stop(again);
  });
});
