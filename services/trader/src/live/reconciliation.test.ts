import { afterEach, describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { manualClientOrderId, signalClientOrderId } from '../orders/client-order-id.js';
import { describeReconciliation, reconcile, type ReconcileInput } from './reconciliation.js';
import { onDouble, startTestExchange, type TestExchange } from './testing/test-exchange.js';

/** The exchange has to be steered "while the trader is down": the double only. */
const describeDouble = onDouble ? describe : describe.skip;

describeDouble('start-up reconciliation', () => {
  let t: TestExchange | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('returns fills of our orders that happened while the trader was down exactly once, and reports what is not ours', async () => {
    t = await startTestExchange({ double: { balances: { USDC: '10000', BTC: '0.2', ETH: '1' } } });
    const { double, executor } = t;
    const since = Date.now() - 60_000;

    // Before the "crash": a resting limit order of ours, and an order whose reply never came back.
    const limitId = manualClientOrderId();
    const placed = await executor.place({
      clientOrderId: limitId,
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'limit',
      quantity: dec('0.01'),
      price: dec('29000'),
      referencePrice: dec('30000'),
    });
    expect(placed.status).toBe('open');
    const lostReplyId = signalClientOrderId('signal-whose-reply-was-lost');
    double!.placeOrderDirectly({
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.002',
      clientOrderId: lostReplyId,
    });
    const neverArrivedId = signalClientOrderId('signal-whose-request-never-arrived');

    // While down: our limit order fills in two parts, and someone else trades on the account.
    double!.fillOrder({ clientOrderId: limitId }, { quantity: '0.004' });
    double!.fillOrder({ clientOrderId: limitId });
    double!.placeOrderDirectly({
      symbol: 'BTC/USDC',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.001',
      clientOrderId: 'web_manual_sell',
    });
    double!.placeOrderDirectly({
      symbol: 'ETH/USDC',
      side: 'SELL',
      type: 'LIMIT',
      quantity: '0.5',
      price: '2500',
      clientOrderId: 'web_eth_ask',
    });

    const recorded = new Set<string>();
    const input: ReconcileInput = {
      symbols: ['BTC/USDC'],
      since,
      pending: [
        { symbol: 'BTC/USDC', clientOrderId: limitId },
        { symbol: 'BTC/USDC', clientOrderId: lostReplyId },
        { symbol: 'BTC/USDC', clientOrderId: neverArrivedId },
      ],
      isRecorded: (symbol, tradeId) => recorded.has(`${symbol}:${tradeId}`),
      tracked: new Map([['BTC', dec('0.2')]]),
    };

    const first = await reconcile(t.exchange, input);
    expect(first.problems).toEqual([]);
    expect(first.fills.map((f) => [f.clientOrderId, f.quantity.toFixed(), f.role, f.feeCurrency])).toEqual([
      [lostReplyId, '0.002', 'taker', 'BTC'],
      [limitId, '0.004', 'maker', 'BTC'],
      [limitId, '0.006', 'maker', 'BTC'],
    ]);
    expect(new Set(first.fills.map((f) => f.tradeId)).size).toBe(3);
    expect(first.orders.map((o) => [o.clientOrderId, o.status, o.filledQuantity.toFixed()])).toEqual([
      [limitId, 'closed', '0.01'],
      [lostReplyId, 'closed', '0.002'],
      [neverArrivedId, 'absent', '0'],
    ]);
    expect(first.openOrders).toEqual([]);
    expect(first.foreignOrders.map((o) => [o.clientOrderId, o.symbol])).toEqual([['web_eth_ask', 'ETH/USDC']]);
    expect(first.foreignFills.map((f) => f.side)).toEqual(['SELL']);
    // 0.2 + 0.01 + 0.002 bought − fees − 0.001 sold by someone else; ETH is not ours at all.
    expect(first.untrackedBalances.map((b) => b.asset)).toEqual(['BTC', 'ETH']);
    expect(first.untrackedBalances[1]).toMatchObject({ exchange: '1', tracked: '0', difference: '1' });
    expect(first.watermark).toBeGreaterThan(since);
    expect(describeReconciliation(first)).toMatchObject({
      fillsToRecord: 3,
      foreignOpenOrders: [{ symbol: 'ETH/USDC', clientOrderId: 'web_eth_ask', side: 'SELL', amount: '0.5' }],
    });

    // The caller records them (the database's unique trade id), and the next start finds nothing new.
    for (const f of first.fills) recorded.add(`${f.symbol}:${f.tradeId}`);
    const second = await reconcile(t.exchange, { ...input, since: first.watermark, pending: [] });
    expect(second.fills).toEqual([]);
    expect(second.watermark).toBe(first.watermark);
    expect(double!.placements()).toHaveLength(1); // reconciliation never places anything
  });

  it('finds the fills of a pending order older than the fill window, and keeps the watermark when a symbol cannot be read', async () => {
    t = await startTestExchange({ retry: { attempts: 1 } });
    const id = manualClientOrderId();
    // The order filled two hours ago (the double's clock set back while it is placed).
    t.double!.clockOffsetMs = -7_200_000;
    t.double!.placeOrderDirectly({
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      clientOrderId: id,
    });
    t.double!.clockOffsetMs = 0;
    const since = Date.now() - 3_600_000;
    t.double!.fail({ method: 'GET', path: '/api/v3/myTrades' }, { kind: 'unavailable' }, 1);
    const result = await reconcile(t.exchange, {
      symbols: ['BTC/USDC', 'ETH/USDC'],
      since,
      pending: [{ symbol: 'BTC/USDC', clientOrderId: id }],
      isRecorded: () => false,
      overlapMs: 0,
    });
    expect(result.fills.map((f) => [f.clientOrderId, f.quantity.toFixed()])).toEqual([[id, '0.001']]);
    expect(result.problems).toEqual([expect.stringMatching(/^fills of BTC\/USDC could not be read: /)]);
    expect(result.watermark).toBe(since);
  });
});
