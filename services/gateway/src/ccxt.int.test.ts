import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { BinanceMarketDouble, type DoubleCandle } from '@roottrading/exchange-double';
import { freePort, testNamespace, waitFor } from '@roottrading/testing';
import { AnalyzerDouble, startTestGateway, type TestGateway } from './test-harness.js';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);
const SYMBOLS = ['BTC/USDC', 'ETH/USDC'];
const STREAMS = ['btcusdc@kline_1m', 'ethusdc@kline_1m'];

/** Candle i of a symbol; `close` varies so updates are told apart from the first version. */
const candle = (i: number, close = `${100 + i}`): DoubleCandle => ({
  t: T0 + i * MIN,
  o: `${100 + i}`,
  h: `${110 + i}`,
  l: `${90 + i}`,
  c: close,
  v: '1.5',
});

const ccxtEnv = (urls: unknown) => ({
  MARKET_SOURCE: 'ccxt',
  EXCHANGE: 'binance',
  SYMBOLS: SYMBOLS.join(','),
  INTERVAL: '1m',
  CCXT_URLS_JSON: JSON.stringify(urls),
  CCXT_BACKOFF_MS: '50',
  CCXT_BACKOFF_MAX_MS: '400',
  CCXT_POLL_MS: '100',
});

describe('ccxt source against a local binance double', () => {
  let double: BinanceMarketDouble;
  let gw: TestGateway | undefined;
  let analyzer: AnalyzerDouble | undefined;

  beforeAll(async () => {
    double = await BinanceMarketDouble.start({ symbols: SYMBOLS, interval: '1m', intervalMs: MIN });
  });
  afterEach(async () => {
    await gw?.close();
    await analyzer?.close();
    gw = undefined;
    analyzer = undefined;
  });
  afterAll(async () => {
    await double.close();
  });

  const openAll = (i: number) => SYMBOLS.forEach((s) => double.open(s, candle(i)));
  const streaming = () => waitFor(() => STREAMS.every((s) => double.subscribers(s) > 0), { what: 'ccxt to subscribe' });

  it('emits live candles when the next opens, and after a drop fills the gap from REST: each exactly once, in order', async () => {
    for (let i = 0; i <= 4; i++) openAll(i);
    const namespace = testNamespace('gw-ccxt');
    analyzer = new AnalyzerDouble(namespace);
    await analyzer.subscribe(SYMBOLS);
    gw = await startTestGateway(ccxtEnv(double.ccxtUrls()), namespace);
    await streaming();

    // Live: candle 4 changes while open, then 5 and 6 open; 4 and 5 close.
    SYMBOLS.forEach((s) => double.update(s, { c: '104.5', h: '120' }));
    openAll(5);
    openAll(6);
    await waitFor(() => analyzer!.of('ETH/USDC').length === 2, { what: 'candles 4 and 5' });
    const health = (await gw.health()).body.details;
    expect(health).toMatchObject({ source: 'ccxt:binance', speed: 'live', feed: { state: 'live', mode: 'ws' } });

    // The exchange goes away, candles 7–9 open meanwhile, then it comes back.
    double.setDown(true);
    openAll(7);
    openAll(8);
    openAll(9);
    await waitFor(async () => ((await gw!.health()).body.details.feed as { state: string }).state === 'retrying', {
      what: 'the feed to retry',
    });
    double.setDown(false);
    await streaming();
    openAll(10);
    await waitFor(() => SYMBOLS.every((s) => analyzer!.of(s).length === 6), { what: 'candles 4–9' });

    for (const symbol of SYMBOLS) {
      const got = analyzer.of(symbol);
      expect(got.map((c) => (c.startTime - T0) / MIN)).toEqual([4, 5, 6, 7, 8, 9]);
      expect(got[0]).toEqual({
        symbol,
        interval: '1m',
        startTime: T0 + 4 * MIN,
        closeTime: T0 + 5 * MIN - 1,
        open: '104',
        high: '120',
        low: '94',
        close: '104.5',
        volume: '1.5',
        source: 'ccxt:binance',
      });
    }
    expect(double.requests.some((r) => r.includes('startTime='))).toBe(true);

    await waitFor(() => gw!.svc.status().candlesStored === 12, { what: 'candles stored' });
    const rows = await gw.tdb.db
      .selectFrom('candles')
      .select(['symbol', 'open_time', 'source'])
      .orderBy('open_time')
      .execute();
    expect(rows.filter((r) => r.symbol === 'BTC/USDC').map((r) => (r.open_time.getTime() - T0) / MIN)).toEqual([
      4, 5, 6, 7, 8, 9,
    ]);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['ccxt:binance']));
    expect((await gw.health()).body.details).toMatchObject({
      feed: { state: 'live', lastCandleAt: new Date(T0 + 9 * MIN).toISOString() },
      published: 12,
      replay: null,
    });
  }, 30_000);

  it('polls REST when websockets fail', async () => {
    const closed = await freePort();
    const urls = double.ccxtUrls() as { api: Record<string, unknown> };
    const namespace = testNamespace('gw-ccxt-rest');
    analyzer = new AnalyzerDouble(namespace);
    await analyzer.subscribe(SYMBOLS);
    gw = await startTestGateway(
      ccxtEnv({ api: { ...urls.api, ws: { spot: `ws://127.0.0.1:${closed}/stream/ws` } } }),
      namespace,
    );
    await waitFor(async () => ((await gw!.health()).body.details.feed as { mode?: string }).mode === 'rest', {
      what: 'REST polling',
    });
    openAll(11);
    await waitFor(() => SYMBOLS.every((s) => analyzer!.of(s).length === 1), { what: 'candle 10 over REST' });
    expect(analyzer.of('BTC/USDC').map((c) => (c.startTime - T0) / MIN)).toEqual([10]);
    const feed = (await gw.health()).body.details.feed as { state: string; lastError?: string };
    expect(feed.state).toBe('live');
    expect(feed.lastError).toMatch(/ECONNREFUSED/);
  }, 30_000);
});

describe('ccxt source with the exchange unreachable', () => {
  let gw: TestGateway;

  afterAll(async () => {
    await gw?.close();
  });

  it('keeps the gateway up and reports the feed retrying', async () => {
    const closed = await freePort();
    gw = await startTestGateway(
      ccxtEnv({
        api: { public: `http://127.0.0.1:${closed}/api/v3`, ws: { spot: `ws://127.0.0.1:${closed}/stream/ws` } },
      }),
    );
    const health = await waitFor(
      async () => {
        const h = await gw.health();
        return (h.body.details.feed as { state: string }).state === 'retrying' ? h : undefined;
      },
      { what: 'the feed to retry' },
    );
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('up');
    const feed = health.body.details.feed as { lastError: string; nextRetryAt: string; lastCandleAt: null };
    expect(feed.lastError).toMatch(/ECONNREFUSED/);
    expect(Number.isNaN(Date.parse(feed.nextRetryAt))).toBe(false);
    expect(feed.lastCandleAt).toBeNull();
    expect(health.body.details.published).toBe(0);
  });
});
