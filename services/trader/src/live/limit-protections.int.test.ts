import { describe, expect, it } from '@jest/globals';
import type { BinanceSpotDouble } from '@roottrading/exchange-double';
import { plain, type Harness } from '../testing/harness.js';
import { useLiveHarness, type LiveHarness } from './testing/live-harness.js';

/** A live limit BUY with protections, against the exchange double over real HTTP. */
let lh: LiveHarness;
let h: Harness;
let double: BinanceSpotDouble;

useLiveHarness('trader-live-limit-stops', (x) => {
  lh = x;
  ({ h, double } = x);
});

const livePosition = () =>
  h.testDb.db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', false)
    .where('strategy', '=', 'manual')
    .where('symbol', '=', 'BTC/USDC')
    .executeTakeFirst();

describe('a live limit BUY with protections', () => {
  it("keeps a limit BUY's protections with the order, and the position it opens takes them however its fill is learned", async () => {
    const t = await lh.start();
    double.account.setPrice('BTC/USDC', '50000');
    const res = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '40000',
      stopLoss: '38000',
      takeProfit: '44000',
    });
    expect(res.status).toBe(202);
    const { order } = (await res.json()) as { order: { clientOrderId: string; stopLoss: string; takeProfit: string } };
    expect([order.stopLoss, order.takeProfit]).toEqual(['38000', '44000']);
    // Filled on the exchange while the trader is down: start-up reconciliation steps the fill in.
    await lh.stop(t);
    double.fillOrder({ clientOrderId: order.clientOrderId });
    const again = await lh.start();
    const position = await livePosition();
    // 0.001 less the exchange's fee, charged in BTC.
    expect([plain(position!.quantity), plain(position!.stop_loss), plain(position!.take_profit)]).toEqual([
      '0.000999',
      '38000',
      '44000',
    ]);
    await lh.stop(again);
  });
});
