import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { profitResponseSchema } from '@roottrading/contracts';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import { insertClosedPosition, startTestPortfolio, type TestPortfolio } from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
const namespace = testNamespace('portfolio-profit');

/** A round trip closed at `iso`, `gross` before its 0.01 of fees. */
const closedAt = (iso: string, symbol: string, gross: string, o: { demo?: boolean } = {}) =>
  insertClosedPosition(tdb.db, {
    ...o,
    symbol,
    entryPrice: '20000',
    exitPrice: '20000',
    openedAt: new Date(Date.parse(iso) - 60_000),
    closedAt: new Date(iso),
    gross,
    fees: '0.01',
    net: toPlain(dec(gross).minus('0.01')),
  });

beforeAll(async () => {
  tdb = await createTestDatabase();
  // Tuesday 28 Feb 2023, late: February, the week of Monday 27 Feb.
  await closedAt('2023-02-28T23:30:00.000Z', 'BTC/USDC', '1.5');
  // Wednesday 1 March, twice in USDC, once in USDT.
  await closedAt('2023-03-01T00:00:00.000Z', 'BTC/USDC', '2');
  await closedAt('2023-03-01T12:00:00.000Z', 'BTC/USDC', '-0.5');
  await closedAt('2023-03-01T13:00:00.000Z', 'BTC/USDT', '4');
  // Sunday 5 March, the last millisecond of the week; Monday 6 March starts the next one.
  await closedAt('2023-03-05T23:59:59.999Z', 'BTC/USDC', '0.25');
  await closedAt('2023-03-06T00:00:00.000Z', 'BTC/USDC', '0.75');
  await closedAt('2023-03-06T01:00:00.000Z', 'BTC/USDC', '100', { demo: false });
  demo = await startTestPortfolio(tdb, namespace);
}, 120_000);

afterAll(async () => {
  await demo?.svc.stop();
  await tdb?.drop();
});

type Bucket = { start: string; currency: string; trades: number; netPnl: string };
const brief = (body: { buckets: Bucket[] }) =>
  body.buckets.map((b) => `${b.start.slice(0, 10)} ${b.currency} ${b.trades} ${b.netPnl}`);

describe('GET /portfolio/profit', () => {
  it('sums closed trades per UTC day and quote currency, never across currencies', async () => {
    const { status, body } = await demo.get('/portfolio/profit');
    expect(status).toBe(200);
    expect(profitResponseSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ mode: 'demo', period: 'day' });
    expect(brief(body)).toEqual([
      '2023-02-28 USDC 1 1.49',
      '2023-03-01 USDC 2 1.48',
      '2023-03-01 USDT 1 3.99',
      '2023-03-05 USDC 1 0.24',
      '2023-03-06 USDC 1 0.74',
    ]);
    expect(body.buckets[1]).toEqual({
      currency: 'USDC',
      start: '2023-03-01T00:00:00.000Z',
      trades: 2,
      grossPnl: '1.5',
      fees: '0.02',
      netPnl: '1.48',
    });
  });

  it('weeks start on Monday, months on the 1st, both in UTC', async () => {
    const weeks = await demo.get('/portfolio/profit?period=week');
    expect(brief(weeks.body)).toEqual(['2023-02-27 USDC 4 3.21', '2023-02-27 USDT 1 3.99', '2023-03-06 USDC 1 0.74']);
    const months = await demo.get('/portfolio/profit?period=MONTH');
    expect(brief(months.body)).toEqual(['2023-02-01 USDC 1 1.49', '2023-03-01 USDC 4 2.46', '2023-03-01 USDT 1 3.99']);
  });

  it('keeps the newest buckets, and the account asked for', async () => {
    const last = await demo.get('/portfolio/profit?limit=2');
    expect(brief(last.body)).toEqual(['2023-03-05 USDC 1 0.24', '2023-03-06 USDC 1 0.74']);
    const live = await demo.get('/portfolio/profit?mode=live');
    expect(brief(live.body)).toEqual(['2023-03-06 USDC 1 99.99']);
  });

  it.each([
    ['period=year', 'period'],
    ['limit=0', 'limit'],
    ['currency=USDC', 'currency'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await demo.get(`/portfolio/profit?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
