import { afterEach, describe, expect, it } from '@jest/globals';
import { dec, type Decimal } from '@roottrading/accounting';
import { manualClientOrderId } from '../orders/client-order-id.js';
import { feeInQuote, feePriceSymbols, valueFees } from './fee-valuation.js';
import type { ExecutedFill, OrderOutcome, PlaceOrderRequest } from './order-executor.js';
import { reconcile } from './reconciliation.js';
import { onDouble, startTestExchange, type TestExchange, type TestExchangeOptions } from './testing/test-exchange.js';

const fill = (fee: string, feeCurrency: string, price = '30000') => ({ price: dec(price), fee: dec(fee), feeCurrency });
const plain = (d: Decimal | null | undefined) => (d === null || d === undefined ? d : d.toFixed());

describe('fee valuation (pure)', () => {
  it('values a base fee at the fill price, a quote fee as is, and a third asset at its quote price', () => {
    const prices = new Map([['BNB/USDC', dec('300')]]);
    const fills = [
      fill('0.000001', 'BTC', '30000.5'),
      fill('0.03', 'USDC'),
      fill('0.000075', 'BNB'),
      fill('0', 'BNB'),
      fill('0.01', 'XYZ'),
    ];
    expect(valueFees('BTC/USDC', fills, prices).map((f) => plain(f.feeQuote))).toEqual([
      '0.0300005',
      '0.03',
      '0.0225',
      '0',
      null,
    ]);
    // No price: unvalued (null), never 0 and never a guess.
    expect(feeInQuote('BTC/USDC', fill('0.000075', 'BNB'))).toBeNull();
    expect(feeInQuote('BTC/USDC', fill('0.000075', 'BNB'), new Map([['BNB/USDT', dec('300')]]))).toBeNull();
  });

  it('asks for a price only for fees in a third asset, once per market', () => {
    const fills = [
      { ...fill('0.000001', 'BTC'), symbol: 'BTC/USDC' },
      { ...fill('0.000075', 'BNB'), symbol: 'BTC/USDC' },
      { ...fill('0.00005', 'BNB'), symbol: 'ETH/USDC' },
      { ...fill('0.0001', 'BNB'), symbol: 'ETH/USDT' },
      { ...fill('0', 'BNB'), symbol: 'ETH/BTC' },
    ];
    expect(feePriceSymbols(fills)).toEqual(['BNB/USDC', 'BNB/USDT']);
    expect(feePriceSymbols(fills.slice(0, 1))).toEqual([]);
  });
});

/** BNB fees are the double's (binance's "pay fees with BNB"); the testnet account cannot be switched. */
const describeDouble = onDouble ? describe : describe.skip;

describeDouble('fees in BNB over HTTP (ccxt binance against the double)', () => {
  let t: TestExchange | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const start = async (opts: TestExchangeOptions = {}) => {
    t = await startTestExchange({
      ...opts,
      double: { payFeesWithBnb: true, balances: { USDC: '10000', BTC: '0', BNB: '1' }, ...opts.double },
    });
    await t.executor.markets();
    return t;
  };
  const request = (side: 'BUY' | 'SELL', quantity: string): PlaceOrderRequest => ({
    clientOrderId: manualClientOrderId(),
    symbol: 'BTC/USDC',
    side,
    type: 'market',
    quantity: dec(quantity),
    referencePrice: dec('30000'),
  });
  const fillsOf = (o: OrderOutcome): ExecutedFill[] => {
    if (o.status === 'rejected' || o.status === 'unknown') throw new Error(`expected fills, got ${o.status}`);
    return o.order.fills;
  };
  const fees = (fills: ExecutedFill[]) => fills.map((f) => [plain(f.fee), f.feeCurrency, plain(f.feeQuote)]);

  it('values a BNB fee with one tickers request per order, and base or quote fees with none', async () => {
    const x = await start({ double: { marketFillParts: 3 } });
    // 0.003 BTC in three fills at 30000, 30000.01, 30000.02; each fee = its quote value × 0.001 × 0.75 ÷ 300.
    const buy = fillsOf(await x.executor.place(request('BUY', '0.003')));
    expect(fees(buy)).toEqual([
      ['0.000075', 'BNB', '0.0225'],
      ['0.000075', 'BNB', '0.0225'],
      ['0.000075', 'BNB', '0.0225'],
    ]);
    expect(x.client.count('fetchLastPrices')).toBe(1);
    expect(x.double!.count('GET', '/api/v3/ticker/24hr')).toBe(1);

    const sell = fillsOf(await x.executor.place(request('SELL', '0.003')));
    expect(sell.map((f) => f.feeCurrency)).toEqual(['BNB', 'BNB', 'BNB']);
    expect(sell.every((f) => f.feeQuote!.eq(f.fee.mul(300)))).toBe(true);
    expect(x.client.count('fetchLastPrices')).toBe(2);

    // Without BNB fees: the asset received pays, valued with no request at all.
    x.double!.account.payFeesWithBnb = false;
    const plainBuy = fillsOf(await x.executor.place(request('BUY', '0.001')));
    expect(plainBuy).toHaveLength(3);
    expect(plainBuy.every((f) => f.feeCurrency === 'BTC' && f.feeQuote!.eq(f.fee.mul(f.price)))).toBe(true);
    const plainSell = fillsOf(await x.executor.place(request('SELL', '0.0009')));
    expect(plainSell.every((f) => f.feeCurrency === 'USDC' && f.feeQuote!.eq(f.fee))).toBe(true);
    expect(x.client.count('fetchLastPrices')).toBe(2);
    expect(x.double!.count('GET', '/api/v3/ticker/24hr')).toBe(2);
  });

  it('reads a price again for a resting order only when it reports a new BNB fill', async () => {
    const x = await start();
    const req = { ...request('BUY', '0.01'), type: 'limit' as const, price: dec('29000') };
    expect((await x.executor.place(req)).status).toBe('open');
    // 0.004 × 29000 = 116 USDC as a maker: 0.00029 BNB, worth 0.087 USDC.
    x.double!.fillOrder({ clientOrderId: req.clientOrderId }, { quantity: '0.004' });
    const first = fillsOf(await x.executor.refresh('BTC/USDC', req.clientOrderId));
    const again = fillsOf(await x.executor.refresh('BTC/USDC', req.clientOrderId));
    expect(fees(first)).toEqual([['0.00029', 'BNB', '0.087']]);
    expect(fees(again)).toEqual(fees(first));
    expect(x.client.count('fetchLastPrices')).toBe(1);
    x.double!.fillOrder({ clientOrderId: req.clientOrderId });
    const done = fillsOf(await x.executor.refresh('BTC/USDC', req.clientOrderId));
    expect(fees(done)).toEqual([
      ['0.00029', 'BNB', '0.087'],
      ['0.000435', 'BNB', '0.1305'],
    ]);
    expect(x.client.count('fetchLastPrices')).toBe(2);
  });

  it('records the fill with its fee unvalued (null) when the price cannot be read, placing the order once', async () => {
    const x = await start({ retry: { attempts: 2 } });
    x.double!.fail({ method: 'GET', path: '/api/v3/ticker/24hr' }, { kind: 'unavailable' }, 2);
    const outcome = await x.executor.place(request('BUY', '0.001'));
    expect(outcome.status).toBe('filled');
    expect(fees(fillsOf(outcome))).toEqual([['0.000075', 'BNB', null]]);
    expect(x.double!.placements()).toHaveLength(1);
    expect(x.client.count('fetchLastPrices')).toBe(2); // the read and its one retry, then given up
  });

  it('values BNB fees of fills reconciled at start in one request, and reports those it could not value', async () => {
    const x = await start();
    const since = Date.now() - 60_000;
    const limitId = manualClientOrderId();
    const placed = await x.executor.place({
      ...request('BUY', '0.01'),
      clientOrderId: limitId,
      type: 'limit',
      price: dec('29000'),
    });
    expect(placed.status).toBe('open');
    // While the trader is down: a maker fill of 0.004 in BNB (116 USDC × 0.001 × 0.75 ÷ 300 =
    // 0.00029 BNB, worth 0.087 USDC), then 0.006 in BTC after BNB fees were switched off.
    x.double!.fillOrder({ clientOrderId: limitId }, { quantity: '0.004' });
    x.double!.account.payFeesWithBnb = false;
    x.double!.fillOrder({ clientOrderId: limitId });
    const recorded = new Set<string>();
    const input = {
      symbols: ['BTC/USDC'],
      since,
      pending: [{ symbol: 'BTC/USDC', clientOrderId: limitId }],
      isRecorded: (symbol: string, tradeId: string) => recorded.has(`${symbol}:${tradeId}`),
    };

    const before = x.client.count('fetchLastPrices');
    const first = await reconcile(x.exchange, input);
    expect(first.problems).toEqual([]);
    expect(fees(first.fills)).toEqual([
      ['0.00029', 'BNB', '0.087'],
      ['0.000006', 'BTC', '0.174'],
    ]);
    expect(x.client.count('fetchLastPrices') - before).toBe(1);

    // The tickers read fails: the fills are returned all the same, the BNB fee unvalued and reported.
    x.double!.fail({ method: 'GET', path: '/api/v3/ticker/24hr' }, { kind: 'unavailable' }, 4);
    const failed = await reconcile(x.exchange, input);
    expect(fees(failed.fills)).toEqual([
      ['0.00029', 'BNB', null],
      ['0.000006', 'BTC', '0.174'],
    ]);
    expect(failed.problems).toEqual([
      expect.stringMatching(/^fees of 1 fill\(s\) recorded unvalued \(0\.00029 BNB\): reading BNB\/USDC failed: /),
    ]);

    // Nothing to value in a third asset: no request.
    for (const f of first.fills) recorded.add(`${f.symbol}:${f.tradeId}`);
    const count = x.client.count('fetchLastPrices');
    expect((await reconcile(x.exchange, input)).fills).toEqual([]);
    expect(x.client.count('fetchLastPrices')).toBe(count);
  }, 60_000);
});
