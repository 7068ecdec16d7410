import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QuoteTotal } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, type Harness } from '../testing/harness.js';

/** Balance snapshots carry candle time, and one is taken at each EQUITY_SNAPSHOT_EVERY of it. */
let h: Harness;
let trader: Trader;
const MIN = 60_000;
const T = Date.UTC(2025, 9, 1, 0, 58);

beforeAll(async () => {
  h = await createHarness('trader-equity', { SLIPPAGE: '0', FEE_RATE: '0', EQUITY_SNAPSHOT_EVERY: '1h' });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

const snapshots = () =>
  h.testDb.db.selectFrom('balance_snapshots').selectAll().where('candle_time', 'is not', null).orderBy('id').execute();
const usdcTotal = (totals: unknown) => (totals as QuoteTotal[]).find((t) => t.currency === 'USDC')?.total;

describe('equity snapshots', () => {
  it('take one each time candle time crosses the period, valued at that moment, however fast candles come', async () => {
    const buy = makeSignal({ strategy: 'Hold', price: '50000' });
    await h.sendSignals([buy], { startTime: T - MIN });
    await h.drained();
    // 00:58, 00:59, then 01:00 crosses 01:00; 01:01; then 02:00 and 03:30 cross one boundary each
    const minutes = [0, 1, 2, 3, 62, 152];
    const closes = ['50000', '50000', '51000', '52000', '49000', '48000'];
    for (const [i, m] of minutes.entries()) {
      await h.publishBar('BTC/USDC', { startTime: T + m * MIN, open: closes[i]!, close: closes[i]! });
    }
    const boundary = await waitFor(
      async () => {
        const rows = await snapshots();
        const times = new Set(rows.map((r) => r.candle_time!.getTime()));
        const wanted = [2, 62, 152].map((m) => T + (m + 1) * MIN - 1);
        return wanted.every((t) => times.has(t))
          ? rows.filter((r) => wanted.includes(r.candle_time!.getTime()))
          : undefined;
      },
      { what: 'the three boundary snapshots' },
    );
    // cash 9950 + 0.001 × the close at that candle
    expect(boundary.map((r) => usdcTotal(r.totals))).toEqual(['10001', '9999', '9998']);
  });

  it('stamps the snapshots taken after fills with the newest candle time too', async () => {
    const sell = makeSignal({ strategy: 'Hold', side: 'SELL', price: '48000' });
    await h.sendSignals([sell], { startTime: T + 153 * MIN });
    const cash = (totals: unknown) => (totals as QuoteTotal[]).find((t) => t.currency === 'USDC')?.cash;
    const last = await waitFor(async () => (await snapshots()).find((r) => cash(r.totals) === '9998'), {
      what: 'a snapshot after the sell',
    });
    expect(last.candle_time!.getTime()).toBe(T + 154 * MIN - 1);
    expect(trader.account.candleTime).toBe(T + 154 * MIN - 1);
  });
});
