import { afterEach, describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { balancesMessageSchema, totalBalanceMessageSchema } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import { readLiveAccount } from './balance-sync.js';
import { LiveBalancePublisher } from './live-balance-publisher.js';
import { onDouble, startTestExchange, TEST_SYMBOL, type TestExchange } from './testing/test-exchange.js';

const doubleIt = onDouble ? it : it.skip;

describe('live balances', () => {
  let t: TestExchange | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('publishes the exchange balances in the bus message shapes, with every price from ONE tickers request', async () => {
    t = await startTestExchange();
    const snapshot = await readLiveAccount(t.exchange, { symbols: [TEST_SYMBOL] });
    expect(balancesMessageSchema.parse(snapshot.balances).mode).toBe('live');
    expect(totalBalanceMessageSchema.parse(snapshot.totals).totals.length).toBe(1);
    expect(t.client.count('fetchBalances')).toBe(1);
    expect(t.client.count('fetchLastPrices')).toBeLessThanOrEqual(1);
  });

  doubleIt('values each asset in the first configured quote that lists it; totals split the account', async () => {
    t = await startTestExchange({
      double: { balances: { USDC: '900', USDT: '500', BTC: '0.5', ETH: '2', BNB: '0.1', XYZ: '5', DOGE: '0' } },
    });
    t.double!.account.setBalance('USDC', '900', '100');
    const snapshot = await readLiveAccount(t.exchange, {
      symbols: ['BTC/USDC', 'BTC/USDT'],
      positions: [{ symbol: 'BTC/USDC', quantity: dec('0.5'), cost: dec('14000') }],
      now: () => 1_700_000_000_000,
    });

    expect(t.double!.count('GET', '/api/v3/ticker/24hr')).toBe(1);
    const tickers = t.double!.requests.find((r) => r.path === '/api/v3/ticker/24hr')!;
    expect(JSON.parse(tickers.params.symbols!).sort()).toEqual(['BNBUSDC', 'BTCUSDC', 'BTCUSDT', 'ETHUSDC']);

    expect(snapshot.balances).toEqual({
      mode: 'live',
      timestamp: 1_700_000_000_000,
      balances: expect.arrayContaining([
        { asset: 'USDC', free: '900', locked: '100', total: '1000', value: '1000', valueCurrency: 'USDC' },
        { asset: 'USDT', free: '500', locked: '0', total: '500', value: '500', valueCurrency: 'USDT' },
        { asset: 'BTC', free: '0.5', locked: '0', total: '0.5', value: '15000', valueCurrency: 'USDC' },
        { asset: 'ETH', free: '2', locked: '0', total: '2', value: '4000', valueCurrency: 'USDC' },
        { asset: 'BNB', free: '0.1', locked: '0', total: '0.1', value: '30', valueCurrency: 'USDC' },
        { asset: 'XYZ', free: '5', locked: '0', total: '5', value: null, valueCurrency: null },
      ]),
    });
    expect(snapshot.balances.balances.map((b) => b.asset)).not.toContain('DOGE');
    expect(snapshot.unpriced).toEqual(['XYZ']);
    expect(snapshot.totals.totals).toEqual([
      {
        currency: 'USDC',
        total: '20030',
        cash: '1000',
        holdingsValue: '19030',
        holdingsCost: '14000',
        prices: { 'BTC/USDC': '30000', 'ETH/USDC': '2000', 'BNB/USDC': '300' },
      },
      { currency: 'USDT', total: '500', cash: '500', holdingsValue: '0', holdingsCost: '0', prices: {} },
    ]);
  });

  doubleIt('asks for no tickers when only quote currencies are held', async () => {
    t = await startTestExchange({ double: { balances: { USDC: '10' } } });
    const snapshot = await readLiveAccount(t.exchange, { symbols: ['BTC/USDC'] });
    expect(snapshot.totals.totals).toEqual([
      { currency: 'USDC', total: '10', cash: '10', holdingsValue: '0', holdingsCost: '0', prices: {} },
    ]);
    expect(t.double!.count('GET', '/api/v3/ticker/24hr')).toBe(0);
  });

  doubleIt(
    'publishes on the bus every interval and after fills, coalescing bursts, and survives a failed read',
    async () => {
      t = await startTestExchange({ retry: { attempts: 1 } });
      const sent: { channel: string; payload: unknown }[] = [];
      const bus = {
        publish: async (topic: { channel: string; schema: { parse(v: unknown): unknown } }, payload: unknown) => {
          sent.push({ channel: topic.channel, payload: topic.schema.parse(payload) });
          return 1;
        },
      };
      const publisher = new LiveBalancePublisher({
        exchange: t.exchange,
        bus: bus as never,
        symbols: ['BTC/USDC'],
        intervalMs: 60_000,
        minGapMs: 100,
      });
      publisher.start();
      await waitFor(() => publisher.published === 1, { what: 'the first publish' });
      expect(sent.map((m) => m.channel)).toEqual(['account:balances', 'account:total_balance']);

      for (let i = 0; i < 5; i++) publisher.changed();
      await waitFor(() => publisher.published === 2, { what: 'one publish for the burst' });
      await new Promise((r) => setTimeout(r, 250));
      expect(publisher.published).toBe(2);

      t.double!.fail({ method: 'GET', path: '/api/v3/account' }, { kind: 'unavailable' });
      publisher.changed();
      await waitFor(() => publisher.failures === 1, { what: 'the failed read' });
      expect(publisher.lastError).toMatch(/503|unavailable/i);
      publisher.changed();
      await publisher.stop();
      expect(publisher.published).toBe(3);
      expect(publisher.lastError).toBeNull();
    },
  );
});
