import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { candlesResponseSchema, errorBodySchema, numberToPlainString, type ChartCandle } from '@roottrading/contracts';
import { upsertCandles, type NewCandle } from '@roottrading/db';
import { readMarketRows, type MarketRow } from '@roottrading/strategies/test-support';
import { waitFor } from '@roottrading/testing';
import { startTestGateway, type TestGateway } from '../test-harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2023, 3 - 1, 1);

/** Two real days of BTC/USDC with holes: every 13th minute, 00:55–01:10 of the first day, and day 2's 10:00 hour. */
const rows: MarketRow[] = readMarketRows('BTC/USDC')
  .slice(0, 2 * 1440)
  .filter((r, i) => {
    const t = r.openTime - T0;
    if (i % 13 === 5) return false;
    if (t >= 55 * MIN && t < 70 * MIN) return false;
    return !(t >= DAY + 10 * HOUR && t < DAY + 11 * HOUR);
  });
/** Day 3's first half hour: its hour is still in progress. */
const open = readMarketRows('BTC/USDC').slice(2 * 1440, 2 * 1440 + 31);

const stored = (r: MarketRow, source = 'replay'): NewCandle => ({
  symbol: 'BTC/USDC',
  interval: '1m',
  open_time: new Date(r.openTime),
  close_time: new Date(r.openTime + MIN - 1),
  open: r.open,
  high: r.high,
  low: r.low,
  close: r.close,
  volume: r.volume,
  source,
});

/** An exact decimal sum, done independently of the gateway: every value scaled to 18 places. */
function decimalSum(values: string[]): string {
  const scaled = values.reduce((sum, v) => {
    // The file writes a few volumes like 5.4e-05: their shortest plain form is the same decimal.
    const [whole = '0', fraction = ''] = numberToPlainString(Number(v)).split('.');
    return sum + BigInt(whole + fraction.padEnd(18, '0'));
  }, 0n);
  const digits = scaled.toString().padStart(19, '0');
  const text = `${digits.slice(0, -18)}.${digits.slice(-18)}`.replace(/\.?0+$/, '');
  return text;
}

/** The independent aggregation: group by ⌊open time / timeframe⌋, first open, max, min, last close, sum. */
function grouped(candles: MarketRow[], tf: number): ChartCandle[] {
  const groups = new Map<number, MarketRow[]>();
  for (const c of candles) {
    const key = Math.floor(c.openTime / tf) * tf;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()].map(([start, cs]) => ({
    startTime: start,
    closeTime: start + tf - 1,
    open: String(Number(cs[0]!.open)),
    high: String(Math.max(...cs.map((c) => Number(c.high)))),
    low: String(Math.min(...cs.map((c) => Number(c.low)))),
    close: String(Number(cs[cs.length - 1]!.close)),
    volume: decimalSum(cs.map((c) => c.volume)),
  }));
}

let gw: TestGateway;
let base: string;

beforeAll(async () => {
  gw = await startTestGateway({ MARKET_SOURCE: 'synthetic', SYMBOLS: 'BTC/USDC', SYNTHETIC_COUNT: '1' });
  base = `http://127.0.0.1:${gw.svc.port}`;
  // The feed's one candle (2024) is taken out again: day 3's hour must be the newest, still in progress.
  await waitFor(() => gw.svc.status().candlesStored === 1, { what: 'the synthetic candle stored' });
  await gw.tdb.db.deleteFrom('candles').execute();
  await upsertCandles(gw.tdb.db, [...rows.map((r) => stored(r)), ...open.map((r) => stored(r, 'ccxt:binance'))]);
}, 30_000);

afterAll(async () => {
  await gw?.close();
});

async function get(query: string) {
  const res = await fetch(`${base}/candles?symbol=BTCUSDC&${query}`);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('GET /candles of a higher timeframe, built from the stored 1m candles', () => {
  it.each([
    ['5m', 5 * MIN],
    ['15m', 15 * MIN],
    ['1h', HOUR],
    ['4h', 4 * HOUR],
    ['1d', DAY],
  ])('serves %s bars equal to an independent grouping, exact to the last digit', async (interval, tf) => {
    const { status, body } = await get(`interval=${interval}&limit=5000&before=${T0 + 2 * DAY}`);
    expect(status).toBe(200);
    const r = candlesResponseSchema.parse(body);
    expect(r.interval).toBe(interval);
    expect(r.source).toBe('replay');
    expect(r.candles).toEqual(grouped(rows, tf));
  });

  it('keeps UTC boundaries across the holes: the missing hour has no bar, its neighbours keep theirs', async () => {
    const r = candlesResponseSchema.parse((await get(`interval=1h&limit=3&before=${T0 + DAY + 12 * HOUR}`)).body);
    expect(r.candles.map((c) => (c.startTime - T0 - DAY) / HOUR)).toEqual([8, 9, 11]);
  });

  it('leaves out the bar still in progress, and names the sources of the bars it serves', async () => {
    const hours = candlesResponseSchema.parse((await get('interval=1h&limit=2')).body);
    expect(hours.candles.map((c) => c.startTime)).toEqual([T0 + 2 * DAY - 2 * HOUR, T0 + 2 * DAY - HOUR]);
    expect(hours.source).toBe('replay');
    // 00:00 and 00:15 are over (the 00:29 candle ends the second); 00:30 has only begun.
    const quarters = candlesResponseSchema.parse((await get('interval=15m&limit=3')).body);
    expect(quarters.candles.map((c) => (c.startTime - T0 - 2 * DAY) / MIN)).toEqual([-15, 0, 15]);
    expect(quarters.source).toBe('replay,ccxt:binance');
  });

  it('pages back with `before`: bars opening before it, the one holding it included when closed', async () => {
    const r = candlesResponseSchema.parse((await get(`interval=4h&limit=2&before=${T0 + 9 * HOUR}`)).body);
    expect(r.candles.map((c) => (c.startTime - T0) / HOUR)).toEqual([4, 8]);
    const empty = candlesResponseSchema.parse((await get(`interval=1d&before=${T0}`)).body);
    expect(empty).toEqual({ symbol: 'BTC/USDC', interval: '1d', source: null, candles: [] });
  });

  it('refuses an interval it cannot build with a 400 naming the field', async () => {
    const { status, body } = await get('interval=1w');
    expect(status).toBe(400);
    expect(errorBodySchema.parse(body).details).toEqual([
      { field: 'interval', message: 'must be 1m (stored) or one built from it: 5m, 15m, 1h, 4h, 1d' },
    ]);
  });
});
