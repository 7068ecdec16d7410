import { beforeEach } from '@jest/globals';
import type { LiveTrader } from '../live-trader.js';
import { EXCHANGE_CANDLES, useLiveHarness, type LiveHarness } from './live-harness.js';

/**
 * One live test file's account against the exchange double, and what its tests read of it. Each
 * test starts flat: no positions, no equity marks or kill switch, no order left resting or pending.
 */
export function useLiveAccount(label: string, onReady: (lh: LiveHarness) => void) {
  let lh: LiveHarness;
  useLiveHarness(label, (x) => {
    lh = x;
    onReady(x);
  });
  const livePosition = (strategy = 'manual') =>
    lh.h.testDb.db
      .selectFrom('positions')
      .selectAll()
      .where('demo', '=', false)
      .where('strategy', '=', strategy)
      .where('symbol', '=', 'BTC/USDC')
      .executeTakeFirst();
  /** SELL orders the exchange double received. */
  const sellPlacements = () => lh.double.placements().filter((r) => r.params.side === 'SELL').length;
  const orderRow = (clientOrderId: string) => lh.orderRow(clientOrderId);
  const trade = (t: LiveTrader, body: Record<string, unknown>) =>
    lh.call(t, 'POST', '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001', ...body });

  beforeEach(async () => {
    lh.double.faults.clear();
    lh.double.account.setPrice('BTC/USDC', '50000');
    // Each test's account starts flat and unjudged: a test moving the double's balances is no loss.
    await lh.h.testDb.db.deleteFrom('positions').where('demo', '=', false).execute();
    await lh.h.testDb.db.deleteFrom('equity_marks').execute();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
    // An earlier test's resting or unanswered orders are gone too (they would hold funds and count as exposure).
    for (const o of lh.double.account.allOrders()) {
      if (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')
        lh.double.account.cancelOrder({ clientOrderId: o.clientOrderId });
    }
    await lh.h.testDb.db
      .updateTable('orders')
      .set({ status: 'canceled', reason: 'cleared between tests' })
      .where('demo', '=', false)
      .where('status', 'in', ['pending', 'open'])
      .execute();
  });

  /**
   * The exchange account: 10,000 USDC and 0.1 BTC that no strategy bought. The account's equity is
   * its cash and its positions, as in paper mode: coins bought outside it are not its to judge.
   */
  const seedAccount = (balances: Record<string, string> = { USDC: '10000', BTC: '0.1' }) => {
    for (const [asset, amount] of Object.entries({ USDT: '0', ETH: '0', BNB: '0', ...balances })) {
      lh.double.account.setBalance(asset, amount);
    }
  };
  const markPeak = async () =>
    (
      await lh.h.testDb.db
        .selectFrom('equity_marks')
        .select('peak')
        .where('demo', '=', false)
        .where('currency', '=', 'USDC')
        .executeTakeFirst()
    )?.peak;
  const auditRows = (action: string) =>
    lh.h.testDb.db
      .selectFrom('operator_actions')
      .selectAll()
      .where('action', '=', action as 'kill_switch_trip')
      .orderBy('id')
      .execute();
  /** A closed 1m candle of BTC/USDC at `close`, a minute after the last one. */
  const candleAt = (close: string) =>
    lh.h.publishBar('BTC/USDC', {
      source: EXCHANGE_CANDLES,
      startTime: lh.nextMinute(),
      open: close,
      close,
    });

  return { livePosition, sellPlacements, orderRow, trade, seedAccount, markPeak, auditRows, candleAt };
}
