import { afterAll, beforeAll, expect } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, type Harness } from '../testing/harness.js';

export const MIN = 60_000;
export const T0 = Date.UTC(2025, 5, 2, 10, 0);

/**
 * A paper trader for the protective-exit tests: no slippage and a 0.1 % fee, 0.01 of each asset per
 * entry, so every figure is easy to check by hand. Each scenario has a symbol of its own, so one
 * scenario's candles never touch another's position.
 */
export function useExitsTrader(label: string, onReady: (h: Harness, trader: Trader) => void) {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(label, {
      SYMBOLS: 'BTC/USDC,ETH/USDC,SOL/USDC,BNB/USDC,BTC/USDT,ETH/USDT,SOL/USDT,BNB/USDT',
      DEMO_BALANCES: 'USDC=100000,USDT=100000',
      SLIPPAGE: '0',
      FEE_RATE: '0.001',
      TRADE_QUANTITY: '0.01',
    });
    onReady(h, await h.start());
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.testDb.db;
  const orderOf = (signalId: string) =>
    waitFor(() => db().selectFrom('orders').selectAll().where('signal_id', '=', signalId).executeTakeFirst(), {
      what: `the order of ${signalId}`,
    });
  const exitOf = (strategy: string) =>
    waitFor(
      async () => {
        const order = await db()
          .selectFrom('orders')
          .selectAll()
          .where('strategy', '=', strategy)
          .where('side', '=', 'SELL')
          .where('signal_id', 'is', null)
          .executeTakeFirst();
        if (!order) return undefined;
        const trade = await db().selectFrom('trades').selectAll().where('order_id', '=', order.id).executeTakeFirst();
        const closed = await db()
          .selectFrom('closed_positions')
          .selectAll()
          .where('strategy', '=', strategy)
          .executeTakeFirst();
        return { order, trade, closed };
      },
      { what: `the exit of ${strategy}` },
    );
  const positionOf = (strategy: string, symbol: string) =>
    db()
      .selectFrom('positions')
      .selectAll()
      .where('strategy', '=', strategy)
      .where('symbol', '=', symbol)
      .executeTakeFirst();

  /** A BUY at 50000 on the candle opening at `at` (T0), filled and committed. */
  async function enter(strategy: string, symbol: string, protection: Record<string, unknown>, at = T0) {
    const signal = makeSignal({ strategy, symbol, price: '50000', ...protection });
    await h.sendSignals([signal], { startTime: at });
    const order = await orderOf(signal.id);
    expect(order).toMatchObject({ status: 'filled', reason: null, exit_reason: null });
    return signal;
  }

  return { orderOf, exitOf, positionOf, enter };
}
