import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { BinanceSpotDouble } from './binance-spot-double.js';
import { formatUnits, mulUnits, parseUnits, units } from './fixed-point.js';

type Json = Record<string, unknown> & { code?: number; msg?: string };

describe('fixed-point amounts', () => {
  it('parses, formats and multiplies at 8 decimals, exactly', () => {
    expect(parseUnits('0.001')).toBe(100_000n);
    expect(parseUnits('12.50000000')).toBe(1_250_000_000n);
    expect(parseUnits('0.000000001')).toBeUndefined();
    expect(parseUnits('-1')).toBeUndefined();
    expect(parseUnits('1e-8')).toBeUndefined();
    expect(formatUnits(units('30000'))).toBe('30000.00000000');
    expect(formatUnits(mulUnits(units('0.00123'), units('30000.01')))).toBe('36.90001230');
  });
});

describe('binance spot double over HTTP', () => {
  let double: BinanceSpotDouble;

  beforeEach(async () => {
    double = await BinanceSpotDouble.start({ balances: { USDC: '1000', BTC: '0.5' } });
  });
  afterEach(async () => {
    await double.close();
  });

  const call = async (
    method: string,
    path: string,
    params: Record<string, string> = {},
    { signed = true, apiKey = 'key', timestamp = Date.now() } = {},
  ): Promise<{ status: number; body: Json & Json[]; headers: Headers }> => {
    const all = signed ? { ...params, timestamp: String(timestamp), signature: 'deadbeef' } : params;
    const query = new URLSearchParams(all).toString();
    const headers: Record<string, string> = apiKey ? { 'X-MBX-APIKEY': apiKey } : {};
    const init: RequestInit = { method, headers };
    let url = `${double.baseUrl}${path}`;
    if (method === 'POST') {
      init.body = query;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (query) {
      url += `?${query}`;
    }
    const res = await fetch(url, init);
    const text = await res.text();
    return {
      status: res.status,
      body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
      headers: res.headers,
    };
  };
  const order = (params: Record<string, string>) =>
    call('POST', '/api/v3/order', { symbol: 'BTCUSDC', newOrderRespType: 'FULL', ...params });

  it('serves time, exchangeInfo filters and tickers in binance shapes', async () => {
    expect((await call('GET', '/api/v3/time', {}, { signed: false })).body.serverTime).toEqual(expect.any(Number));
    const info = (await call('GET', '/api/v3/exchangeInfo', {}, { signed: false })).body as unknown as {
      symbols: { symbol: string; filters: Json[] }[];
    };
    const btc = info.symbols.find((s) => s.symbol === 'BTCUSDC')!;
    expect(btc.filters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ filterType: 'PRICE_FILTER', tickSize: '0.01000000' }),
        expect.objectContaining({ filterType: 'LOT_SIZE', stepSize: '0.00001000', minQty: '0.00001000' }),
        expect.objectContaining({ filterType: 'NOTIONAL', minNotional: '5.00000000' }),
      ]),
    );
    const ethBtc = info.symbols.find((s) => s.symbol === 'ETHBTC')!;
    expect(ethBtc.filters).toEqual(expect.arrayContaining([expect.objectContaining({ filterType: 'MIN_NOTIONAL' })]));

    const some = await call('GET', '/api/v3/ticker/24hr', { symbols: '["BTCUSDC","ETHUSDC"]' }, { signed: false });
    expect(some.body.map((t: Json) => [t.symbol, t.lastPrice])).toEqual([
      ['BTCUSDC', '30000.00000000'],
      ['ETHUSDC', '2000.00000000'],
    ]);
    const one = await call('GET', '/api/v3/ticker/price', { symbol: 'ETHBTC' }, { signed: false });
    expect(one.body).toEqual({ symbol: 'ETHBTC', price: '0.06667000' });
  });

  it('refuses signed calls without an API key, a signature, or inside recvWindow', async () => {
    expect(await call('GET', '/api/v3/account', {}, { apiKey: '' })).toMatchObject({
      status: 401,
      body: { code: -2014 },
    });
    expect(await call('GET', '/api/v3/account', {}, { signed: false })).toMatchObject({
      status: 400,
      body: { code: -1102 },
    });
    expect(await call('GET', '/api/v3/account', {}, { timestamp: Date.now() - 60_000 })).toMatchObject({
      status: 400,
      body: { code: -1021 },
    });
    const ok = await call('GET', '/api/v3/account');
    expect(ok.status).toBe(200);
    expect(ok.body.balances).toEqual(
      expect.arrayContaining([{ asset: 'USDC', free: '1000.00000000', locked: '0.00000000' }]),
    );
  });

  it('fills a market buy at the market price with the fee in the asset received', async () => {
    const res = await order({ side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: 'rt-m-abc' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      symbol: 'BTCUSDC',
      clientOrderId: 'rt-m-abc',
      status: 'FILLED',
      type: 'MARKET',
      executedQty: '0.00100000',
      cummulativeQuoteQty: '30.00000000',
      fills: [{ price: '30000.00000000', qty: '0.00100000', commission: '0.00000100', commissionAsset: 'BTC' }],
    });
    expect(double.account.balance('USDC')).toEqual({ free: '970.00000000', locked: '0.00000000' });
    expect(double.account.balance('BTC').free).toBe('0.50099900');
    const trades = await call('GET', '/api/v3/myTrades', { symbol: 'BTCUSDC' });
    expect(trades.body).toEqual([
      expect.objectContaining({ orderId: res.body.orderId, isBuyer: true, isMaker: false, quoteQty: '30.00000000' }),
    ]);
  });

  it('applies LOT_SIZE, PRICE_FILTER, NOTIONAL and balance checks with binance codes', async () => {
    expect((await order({ side: 'BUY', type: 'MARKET', quantity: '0.000015' })).body).toEqual({
      code: -1013,
      msg: 'Filter failure: LOT_SIZE',
    });
    expect((await order({ side: 'BUY', type: 'MARKET', quantity: '0.0001' })).body.msg).toBe(
      'Filter failure: NOTIONAL',
    );
    const badTick = await order({
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '100.001',
    });
    expect(badTick.body.msg).toBe('Filter failure: PRICE_FILTER');
    const tooBig = await order({ side: 'BUY', type: 'MARKET', quantity: '1' });
    expect(tooBig).toMatchObject({
      status: 400,
      body: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
    });
    expect(double.account.allOrders()).toHaveLength(0);
  });

  it('rests a limit order, locks its funds, fills it as a maker, and cancels only open orders', async () => {
    const placed = await order({
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '25000',
      newClientOrderId: 'rt-m-limit',
    });
    expect(placed.body).toMatchObject({ status: 'NEW', fills: [] });
    expect(double.account.balance('USDC')).toEqual({ free: '750.00000000', locked: '250.00000000' });
    expect((await call('GET', '/api/v3/openOrders', { symbol: 'BTCUSDC' })).body).toHaveLength(1);
    expect(
      (
        await order({
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.01',
          price: '25000',
          newClientOrderId: 'rt-m-limit',
        })
      ).body,
    ).toEqual({
      code: -2010,
      msg: 'Duplicate order sent.',
    });

    double.fillOrder({ clientOrderId: 'rt-m-limit' }, { quantity: '0.004' });
    const partly = await call('GET', '/api/v3/order', { symbol: 'BTCUSDC', origClientOrderId: 'rt-m-limit' });
    expect(partly.body).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '0.00400000' });

    const canceled = await call('DELETE', '/api/v3/order', { symbol: 'BTCUSDC', origClientOrderId: 'rt-m-limit' });
    expect(canceled.body).toMatchObject({ status: 'CANCELED', origClientOrderId: 'rt-m-limit' });
    expect(canceled.body.clientOrderId).not.toBe('rt-m-limit');
    // 0.004 bought at 25000 = 100 spent; the rest of the lock is back.
    expect(double.account.balance('USDC')).toEqual({ free: '900.00000000', locked: '0.00000000' });
    const again = await call('DELETE', '/api/v3/order', { symbol: 'BTCUSDC', origClientOrderId: 'rt-m-limit' });
    expect(again).toMatchObject({ status: 400, body: { code: -2011 } });
    const missing = await call('GET', '/api/v3/order', { symbol: 'BTCUSDC', origClientOrderId: 'nope' });
    expect(missing).toMatchObject({ status: 400, body: { code: -2013, msg: 'Order does not exist.' } });
    const maker = await call('GET', '/api/v3/myTrades', { symbol: 'BTCUSDC', orderId: String(placed.body.orderId) });
    expect(maker.body).toEqual([
      expect.objectContaining({ isMaker: true, price: '25000.00000000', qty: '0.00400000' }),
    ]);
  });

  it('answers 429 with Retry-After without placing the order', async () => {
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'rate-limit', retryAfterSeconds: 2 });
    const limited = await order({ side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body.code).toBe(-1003);
    expect(double.account.allOrders()).toHaveLength(0);
    expect((await order({ side: 'BUY', type: 'MARKET', quantity: '0.001' })).status).toBe(200);
    expect(double.placements().map((r) => r.outcome)).toEqual([429, 200]);
  });

  it('drops the connection after accepting an order: the order exists, the caller saw an error', async () => {
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'drop', afterAccept: true });
    await expect(
      order({ side: 'SELL', type: 'MARKET', quantity: '0.01', newClientOrderId: 'rt-s-drop' }),
    ).rejects.toThrow();
    expect(double.account.findByClientId('rt-s-drop')?.status).toBe('FILLED');
    expect(double.placements()).toEqual([expect.objectContaining({ outcome: 'dropped', fault: 'drop' })]);
  });

  it('holds the reply of an accepted order, and processes a held request late with its old timestamp', async () => {
    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    const aborted = order({ side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: 'rt-s-held' });
    await new Promise((r) => setTimeout(r, 100));
    expect(double.account.findByClientId('rt-s-held')?.status).toBe('FILLED');
    expect(double.placements()[0]?.outcome).toBe('held');

    double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: false, releaseAfterMs: 50 });
    const late = await order({
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      recvWindow: '10',
      newClientOrderId: 'rt-s-late',
    });
    expect(late.body).toMatchObject({ code: -1021 });
    expect(double.account.findByClientId('rt-s-late')).toBeUndefined();
    await double.close();
    await expect(aborted).rejects.toThrow();
    double = await BinanceSpotDouble.start();
  });
});

describe('paying fees with BNB', () => {
  let double: BinanceSpotDouble;
  afterEach(async () => {
    await double.close();
  });

  const marketOrder = (side: 'BUY' | 'SELL', quantity: string) =>
    double.placeOrderDirectly({ symbol: 'BTC/USDC', side, type: 'MARKET', quantity }).fills;
  const charged = (fills: { commission: bigint; commissionAsset: string }[]) =>
    fills.map((t) => [formatUnits(t.commission), t.commissionAsset]);

  it('charges the quote value × rate × 0.75 ÷ the BNB price in BNB, and the usual asset without enough BNB', async () => {
    double = await BinanceSpotDouble.start({
      payFeesWithBnb: true,
      balances: { USDC: '1000', BTC: '0', BNB: '0.0001' },
    });
    // 0.001 × 30000 = 30 USDC; 30 × 0.001 × 0.75 ÷ 300 = 0.000075 BNB; the whole 0.001 BTC is received.
    expect(charged(marketOrder('BUY', '0.001'))).toEqual([['0.00007500', 'BNB']]);
    expect(double.account.balance('BTC').free).toBe('0.00100000');
    expect(double.account.balance('USDC').free).toBe('970.00000000');
    expect(double.account.balance('BNB').free).toBe('0.00002500');

    // 0.000025 BNB left cannot cover the sell's 0.000075: the fee is taken from the USDC received.
    expect(charged(marketOrder('SELL', '0.001'))).toEqual([['0.03000000', 'USDC']]);
    expect(double.account.balance('USDC').free).toBe('999.97000000');
    expect(double.account.balance('BNB').free).toBe('0.00002500');

    // Rounded down to 8 decimals once: 30 × 0.00075 ÷ 301 = 0.0000747508… → 0.00007475.
    double.account.setBalance('BNB', '1');
    double.account.setPrice('BNB/USDC', '301');
    expect(charged(marketOrder('BUY', '0.001').concat(marketOrder('SELL', '0.0005')))).toEqual([
      ['0.00007475', 'BNB'],
      ['0.00003737', 'BNB'],
    ]);
    expect(double.account.balance('BNB').free).toBe('0.99988788');
  });

  it('is switched per test, and the fill lists show the BNB fee over HTTP', async () => {
    double = await BinanceSpotDouble.start({ balances: { USDC: '1000', BNB: '1' } });
    expect(charged(marketOrder('BUY', '0.001'))).toEqual([['0.00000100', 'BTC']]);
    double.account.payFeesWithBnb = true;
    const [fill] = marketOrder('BUY', '0.001');
    expect(charged([fill!])).toEqual([['0.00007500', 'BNB']]);
    const res = await fetch(
      `${double.baseUrl}/api/v3/myTrades?symbol=BTCUSDC&timestamp=${Date.now()}&signature=deadbeef`,
      { headers: { 'X-MBX-APIKEY': 'key' } },
    );
    const trades = (await res.json()) as { commission: string; commissionAsset: string }[];
    expect(trades.map((t) => [t.commission, t.commissionAsset])).toEqual([
      ['0.00000100', 'BTC'],
      ['0.00007500', 'BNB'],
    ]);
  });
});
