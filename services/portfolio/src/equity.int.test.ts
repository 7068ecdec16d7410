import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { equityCurveSchema } from '@roottrading/contracts';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import { insertSnapshot, minute, startTestPortfolio, type TestPortfolio } from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
let live: TestPortfolio;
const namespace = testNamespace('portfolio-equity');

beforeAll(async () => {
  tdb = await createTestDatabase();
  const wallTime = new Date('2026-11-21T12:00:00Z');
  // A replay's snapshots: written within one wall-clock second, in any order; candle time orders them.
  const rows: [number, string, string][] = [
    [3, '130', '1000'],
    [1, '120', '1000'],
    [4, '117', '900'],
    [2, '90', '1000'],
  ];
  for (const [m, usdc, usdt] of rows) {
    await insertSnapshot(tdb.db, {
      takenAt: wallTime,
      candleTime: minute(1, 0, m),
      totals: [
        { currency: 'USDC', total: usdc },
        { currency: 'USDT', total: usdt },
      ],
    });
  }
  // An older row written before snapshots carried a candle time: placed at its wall time.
  await insertSnapshot(tdb.db, {
    takenAt: minute(1, 0, 0),
    totals: [
      { currency: 'USDC', total: '100' },
      { currency: 'USDT', total: '1000' },
    ],
  });
  await insertSnapshot(tdb.db, {
    demo: false,
    takenAt: wallTime,
    candleTime: minute(1, 0, 2),
    totals: [{ currency: 'USDC', total: '5000' }],
  });
  demo = await startTestPortfolio(tdb, namespace);
  live = await startTestPortfolio(tdb, namespace, { mode: 'live' });
});

afterAll(async () => {
  await demo?.svc.stop();
  await live?.svc.stop();
  await tdb?.drop();
});

describe('GET /portfolio/equity', () => {
  it('gives the first quote currency over candle time with the running-peak max drawdown', async () => {
    const { status, body } = await demo.get('/portfolio/equity');
    expect(status).toBe(200);
    expect(equityCurveSchema.parse(body)).toEqual(body);
    // 100, 120, 90, 130, 117: the fall 120 → 90 is 30, a quarter of 120; 130 → 117 is only 10 %.
    expect(body).toEqual({
      mode: 'demo',
      currency: 'USDC',
      points: [
        { time: '2023-03-01T00:00:00.000Z', value: '100' },
        { time: '2023-03-01T00:01:00.000Z', value: '120' },
        { time: '2023-03-01T00:02:00.000Z', value: '90' },
        { time: '2023-03-01T00:03:00.000Z', value: '130' },
        { time: '2023-03-01T00:04:00.000Z', value: '117' },
      ],
      peak: '130',
      maxDrawdown: '0.25',
      maxDrawdownValue: '30',
    });
  });

  it('downsamples the points but computes the drawdown over all of them', async () => {
    const { body } = await demo.get('/portfolio/equity?limit=2');
    expect(body.points.map((p: { value: string }) => p.value)).toEqual(['100', '117']);
    expect(body).toMatchObject({ peak: '130', maxDrawdown: '0.25', maxDrawdownValue: '30' });
  });

  it('takes another currency, in any case', async () => {
    const { body } = await demo.get('/portfolio/equity?currency=usdt');
    expect(body).toMatchObject({ currency: 'USDT', peak: '1000', maxDrawdown: '0.1', maxDrawdownValue: '100' });
    expect(body.points).toHaveLength(5);
  });

  it('is empty for a currency no snapshot holds', async () => {
    const { body } = await demo.get('/portfolio/equity?currency=EUR');
    expect(body).toEqual({
      mode: 'demo',
      currency: 'EUR',
      points: [],
      peak: null,
      maxDrawdown: null,
      maxDrawdownValue: null,
    });
  });

  it('never mixes modes', async () => {
    const { body } = await live.get('/portfolio/equity');
    expect(body).toMatchObject({
      mode: 'live',
      points: [{ time: '2023-03-01T00:02:00.000Z', value: '5000' }],
      maxDrawdown: '0',
    });
  });

  it.each([
    ['currency=%24%24', 'currency'],
    ['limit=0', 'limit'],
    ['limit=5001', 'limit'],
    ['limit=1.5', 'limit'],
    ['from=2023-03-01', 'from'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await demo.get(`/portfolio/equity?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
