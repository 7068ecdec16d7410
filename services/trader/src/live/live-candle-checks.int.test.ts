import { describe, expect, it } from '@jest/globals';
import type { BinanceSpotDouble } from '@roottrading/exchange-double';
import { waitFor } from '@roottrading/testing';
import type { Harness } from '../testing/harness.js';
import { useLiveHarness, EXCHANGE_CANDLES, type LiveHarness } from './testing/live-harness.js';

/** Live: a jump past CANDLE_MAX_JUMP is settled at once by the exchange's own price, over the trader's own connection. */
let lh: LiveHarness;
let h: Harness;
let double: BinanceSpotDouble;

useLiveHarness('trader-live-candles', (x) => {
  lh = x;
  ({ h, double } = x);
});

interface Health {
  details: { candlesRefused: number; candlesHeld: number; jumpsConfirmedByExchange: number };
}

describe('live candle checks', () => {
  it('a real crash moves the stop on its own candle; a forged price the exchange does not show is refused at once', async () => {
    const t = await lh.start({ CANDLE_MAX_JUMP: '20' });
    const health = async () => (await (await lh.call(t, 'GET', '/health')).json()) as Health;
    double.account.setPrice('BTC/USDC', '50000');
    const buy = await lh.call(t, 'POST', '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.001',
      stopLoss: '45000',
    });
    expect(buy.status).toBe(201);
    const T = lh.nextMinute();
    const bar = (i: number, prices: { open: string; high?: string; low?: string; close: string }) =>
      h.publishBar('BTC/USDC', { source: EXCHANGE_CANDLES, startTime: T + i * 60_000, ...prices }, { analyse: true });
    await bar(0, { open: '50000', close: '50000' });
    await waitFor(() => t.runner.state.lastCandles.get('BTC/USDC')?.openTime === T, { what: 'the first candle' });

    // 32 % down in one candle, and the exchange trades there: confirmed at once, the stop sells.
    double.account.setPrice('BTC/USDC', '34200');
    await bar(1, { open: '50000', high: '50000', low: '34000', close: '34500' });
    const stopped = () =>
      h.testDb.db
        .selectFrom('closed_positions')
        .select('exit_reason')
        .where('demo', '=', false)
        .where('exit_reason', '=', 'stop_loss')
        .execute();
    await waitFor(async () => (await stopped()).length === 1, { what: 'the stop-loss exit on the crash candle' });
    await lh.settled(t);
    expect((await health()).details).toMatchObject({ jumpsConfirmedByExchange: 1, candlesHeld: 0, candlesRefused: 0 });

    // A price of 1 with the exchange at 34200: refused without waiting for another candle.
    await bar(2, { open: '1', high: '1', low: '1', close: '1' });
    await waitFor(async () => (await health()).details.candlesRefused === 1, { what: 'the forged candle refused' });
    expect((await health()).details.candlesHeld).toBe(0);
    const last = t.runner.state.lastCandles.get('BTC/USDC')!;
    expect([last.openTime, last.close.toFixed()]).toEqual([T + 60_000, '34500']);
    await lh.stop(t);
  });
});
