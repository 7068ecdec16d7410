import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { topics, type BalancesMessage, type TotalBalanceMessage } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, type Harness } from '../testing/harness.js';

let h: Harness;
let trader: Trader;
const balances: BalancesMessage[] = [];
const totals: TotalBalanceMessage[] = [];

beforeAll(async () => {
  h = await createHarness('trader-publish', { DEMO_BALANCES: 'USDC=10000,USDT=500' });
  await h.bus.subscribe(topics.balances, (m) => {
    balances.push(m);
  });
  await h.bus.subscribe(topics.totalBalance, (m) => {
    totals.push(m);
  });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

describe('account publishing', () => {
  it('publishes balances and totals after a fill, and again when the price moves', async () => {
    const signal = makeSignal({ price: '50000' });
    await h.sendSignals([signal]);
    // The fill is published first, at the signal's candle; the next candle comes well after it, so
    // only a publish on the price move itself can show the new value.
    await waitFor(() => totals.find((m) => m.totals.some((t) => t.currency === 'USDC' && t.holdingsValue === '50')), {
      what: 'a total_balance message after the fill, at the fill candle',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.publishCandle('BTC/USDC', '51000');
    // bought 0.001 at 50025 plus a 0.050025 fee: 10000 - 50.075025; then the price moved to 51000
    const total = await waitFor(
      () =>
        totals.find((m) =>
          m.totals.some((t) => t.currency === 'USDC' && t.cash === '9949.924975' && t.holdingsValue === '51'),
        ),
      { what: 'a total_balance message after the fill, at the next price' },
    );
    expect(total.mode).toBe('demo');
    const usdc = total.totals.find((t) => t.currency === 'USDC')!;
    expect(usdc).toEqual({
      currency: 'USDC',
      cash: '9949.924975',
      holdingsValue: '51', // 0.001 × the last market price 51000, not the fill price
      holdingsCost: '50.025',
      total: '10000.924975',
      prices: { 'BTC/USDC': '51000' },
    });
    expect(dec(usdc.cash).plus(usdc.holdingsValue).eq(usdc.total)).toBe(true);

    const message = await waitFor(() => balances.find((m) => m.balances.some((b) => b.value === '51')), {
      what: 'a balances message with BTC at the next price',
    });
    expect(message.balances).toEqual([
      {
        asset: 'BTC',
        free: '0.001',
        locked: '0',
        total: '0.001',
        value: '51',
        valueCurrency: 'BTC/USDC'.split('/')[1],
      },
      {
        asset: 'USDC',
        free: '9949.924975',
        locked: '0',
        total: '9949.924975',
        value: '9949.924975',
        valueCurrency: 'USDC',
      },
      { asset: 'USDT', free: '500', locked: '0', total: '500', value: '500', valueCurrency: 'USDT' },
    ]);
  });

  it('stores a balance snapshot the portfolio can start from', async () => {
    const snapshot = await waitFor(
      async () => {
        const rows = await h.testDb.db
          .selectFrom('balance_snapshots')
          .selectAll()
          .where('demo', '=', true)
          .orderBy('taken_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .execute();
        const totals = rows[0]?.totals as TotalBalanceMessage['totals'] | undefined;
        return totals?.some((t) => t.cash === '9949.924975') ? rows[0] : undefined;
      },
      { what: 'a snapshot with the fill' },
    );
    expect((snapshot.balances as { asset: string }[]).map((b) => b.asset)).toEqual(['BTC', 'USDC', 'USDT']);
  });

  it('starts a restarted trader from the stored account, never re-seeding it', async () => {
    await trader.stop();
    trader = await h.start({ DEMO_BALANCES: 'USDC=1' });
    const account = await trader.account.read();
    expect(account.balances.map((b) => [b.asset, dec(b.free).toFixed()])).toEqual([
      ['BTC', '0.001'],
      ['USDC', '9949.924975'],
      ['USDT', '500'],
    ]);
  });
});
