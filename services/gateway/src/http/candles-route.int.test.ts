import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { candlesResponseSchema, errorBodySchema, type CandlesResponse } from '@roottrading/contracts';
import { upsertCandles, type NewCandle } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import { startTestGateway, type TestGateway } from '../test-harness.js';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);
/** The synthetic feed's single candle per symbol, newer than every seeded one. */
const SYNTHETIC_AT = Date.UTC(2024, 0, 1);

const row = (
  symbol: string,
  interval: string,
  ms: number,
  i: number,
  close: string,
  volume = '0.26395',
): NewCandle => ({
  symbol,
  interval,
  open_time: new Date(T0 + i * ms),
  close_time: new Date(T0 + (i + 1) * ms - 1),
  open: '23143.8200',
  high: '23152.65',
  low: '23140.02',
  close,
  volume,
  source: 'replay',
});

let gw: TestGateway;
let base: string;

beforeAll(async () => {
  gw = await startTestGateway({
    MARKET_SOURCE: 'synthetic',
    SYMBOLS: 'BTC/USDC,ETH/USDC',
    MARKET_SPEED: '60000',
    SYNTHETIC_COUNT: '1',
  });
  base = `http://127.0.0.1:${gw.svc.port}`;
  await upsertCandles(gw.tdb.db, [
    ...Array.from({ length: 10 }, (_, i) => row('BTC/USDC', '1m', MIN, i, `${23150 + i}.5`, i === 9 ? '0' : undefined)),
    ...Array.from({ length: 3 }, (_, i) => row('BTC/USDC', '5m', 5 * MIN, i, '23000')),
    row('ETH/USDC', '1m', MIN, 0, '1600'),
  ]);
  await waitFor(() => gw.svc.status().candlesStored === 2, { what: 'the synthetic candles stored' });
});

afterAll(async () => {
  await gw?.close();
});

async function get(query: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/candles?${query}`);
  return { status: res.status, body: await res.json() };
}

async function candles(query: string): Promise<CandlesResponse> {
  const { status, body } = await get(query);
  expect(status).toBe(200);
  return candlesResponseSchema.parse(body);
}

async function badRequest(query: string): Promise<{ field: string; message: string }[]> {
  const { status, body } = await get(query);
  expect(status).toBe(400);
  return errorBodySchema.parse(body).details ?? [];
}

describe('GET /candles', () => {
  it('returns every stored candle of INTERVAL, oldest first, naming their sources', async () => {
    const r = await candles('symbol=BTCUSDC');
    expect(r.symbol).toBe('BTC/USDC');
    expect(r.interval).toBe('1m');
    expect(r.candles.map((c) => c.startTime)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => T0 + i * MIN),
      SYNTHETIC_AT,
    ]);
    expect(r.source).toBe('replay,synthetic');
  });

  it('gives the newest `limit` candles before `before` (exclusive), as epoch ms and trimmed decimals', async () => {
    const r = await candles(`symbol=BTC/USDC&limit=3&before=${T0 + 9 * MIN}`);
    expect(r).toEqual({
      symbol: 'BTC/USDC',
      interval: '1m',
      source: 'replay',
      candles: [6, 7, 8].map((i) => ({
        startTime: T0 + i * MIN,
        closeTime: T0 + (i + 1) * MIN - 1,
        open: '23143.82',
        high: '23152.65',
        low: '23140.02',
        close: `${23150 + i}.5`,
        volume: '0.26395',
      })),
    });
    expect(await candles('symbol=btcusdc&limit=3&before=2023-03-01T00:09:00Z')).toEqual(r);
    // No offset means UTC.
    expect(await candles('symbol=BTCUSDC&limit=3&before=2023-03-01T00:09:00')).toEqual(r);
  });

  it('writes a zero volume as "0" and leaves out candles of other symbols and intervals', async () => {
    const r = await candles('symbol=BTCUSDC&before=2024-01-01T00:00:00Z&limit=1');
    expect(r.candles).toEqual([expect.objectContaining({ startTime: T0 + 9 * MIN, volume: '0' })]);
    // 5m bars are built from the stored 1m candles (the stored 5m rows are not the gateway's interval);
    // the synthetic candle's 5m bar is still open, so it is not served.
    const fives = await candles('symbol=BTCUSDC&interval=5m');
    expect(fives.candles.map((c) => c.startTime)).toEqual([T0, T0 + 5 * MIN]);
    expect(fives.source).toBe('replay');
    expect(fives.candles[1]).toEqual({
      startTime: T0 + 5 * MIN,
      closeTime: T0 + 10 * MIN - 1,
      open: '23143.82',
      high: '23152.65',
      low: '23140.02',
      close: '23159.5',
      volume: '1.0558',
    });
    expect((await candles('symbol=ETHUSDC&before=2024-01-01')).candles.map((c) => c.close)).toEqual(['1600']);
  });

  it('answers an empty list (source null) where nothing is stored', async () => {
    expect(await candles(`symbol=BTCUSDC&interval=1h&before=${T0}`)).toEqual({
      symbol: 'BTC/USDC',
      interval: '1h',
      source: null,
      candles: [],
    });
    expect((await candles(`symbol=BTCUSDC&before=${T0}`)).candles).toEqual([]);
  });

  it.each([
    ['', 'symbol', 'is required'],
    ['symbol=BTCUSD', 'symbol', 'must be one of BTC/USDC, ETH/USDC'],
    ['symbol=BTCUSDC&symbol=ETHUSDC', 'symbol', 'must be a single value'],
    ['symbol=BTCUSDC&interval=1x', 'interval', 'must be an interval like 1m, 5m, 1h or 1d'],
    ['symbol=BTCUSDC&interval=2h', 'interval', 'must be 1m (stored) or one built from it: 5m, 15m, 1h, 4h, 1d'],
    ['symbol=BTCUSDC&limit=0', 'limit', 'limit must be a whole number from 1 to 5000'],
    ['symbol=BTCUSDC&limit=5001', 'limit', 'limit must be a whole number from 1 to 5000'],
    ['symbol=BTCUSDC&limit=ten', 'limit', 'limit must be a whole number from 1 to 5000'],
    ['symbol=BTCUSDC&before=yesterday', 'before', expect.stringContaining('must be an ISO-8601 time')],
    ['symbol=BTCUSDC&before=2023-13-45', 'before', expect.stringContaining('or epoch milliseconds')],
    ['symbol=BTCUSDC&from=0', 'from', expect.stringContaining('from')],
  ])('refuses "%s" with a 400 naming %s', async (query, field, message) => {
    expect(await badRequest(query)).toEqual([{ field, message }]);
  });
});
