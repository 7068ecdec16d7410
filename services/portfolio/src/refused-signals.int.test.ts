import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { refusedSignalsPageSchema } from '@roottrading/contracts';
import { createTestDatabase, testNamespace, type TestDatabase } from '@roottrading/testing';
import { insertRefusedSignal, insertTrade, minute, startTestPortfolio, type TestPortfolio } from './test-support.js';

let tdb: TestDatabase;
let demo: TestPortfolio;
const namespace = testNamespace('portfolio-refused');
const TOO_MANY = '10 positions are open, the most RISK_MAX_OPEN_POSITIONS allows (10)';

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  await insertRefusedSignal(db, { status: 'rejected', reason: TOO_MANY, at: minute(1, 10), price: '20000.5' });
  await insertRefusedSignal(db, {
    status: 'expired',
    reason: 'signal is 312 s old; SIGNAL_MAX_AGE is 300 s',
    at: minute(2, 10),
    symbol: 'BTC/USDT',
    strategy: 'SimpleMA_Cross',
  });
  await insertRefusedSignal(db, {
    status: 'expired',
    reason: 'signal is 45.5 s old; SIGNAL_MAX_AGE is 30 s',
    at: minute(3, 10),
    side: 'SELL',
    price: '21000',
  });
  await insertRefusedSignal(db, { demo: false, status: 'rejected', reason: 'insufficient USDC', at: minute(3, 11) });
  // Traded, and a manual order refused: neither is a refused signal.
  await insertTrade(db, { side: 'BUY', price: '20000', quantity: '0.001', timestamp: minute(1, 9) });
  await db
    .insertInto('orders')
    .values({
      client_order_id: 'manual-1',
      strategy: 'manual',
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'market',
      quantity: '1',
      status: 'rejected',
      reason: 'insufficient USDC',
      demo: true,
    })
    .execute();
  demo = await startTestPortfolio(tdb, namespace);
}, 120_000);

afterAll(async () => {
  await demo?.svc.stop();
  await tdb?.drop();
});

const reasons = (body: { signals: { reason: string }[] }) => body.signals.map((s) => s.reason);

describe('GET /portfolio/signals/refused', () => {
  it('lists the signals not traded, newest first, with the reason and the signal, and counts each reason', async () => {
    const { status, body } = await demo.get('/portfolio/signals/refused');
    expect(status).toBe(200);
    expect(refusedSignalsPageSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ mode: 'demo', total: 3, page: 1, pages: 1 });
    expect(body.signals[2]).toEqual({
      orderId: expect.any(String),
      signalId: expect.stringMatching(/^sig-seed-/),
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      side: 'BUY',
      status: 'rejected',
      reason: TOO_MANY,
      at: '2023-03-01T10:00:00.000Z',
      candleTime: '2023-03-01T09:59:00.000Z',
      price: '20000.5',
    });
    // A signal no longer stored still shows, without its candle.
    expect(body.signals[1]).toMatchObject({ status: 'expired', candleTime: null, price: null });
    expect(body.reasons).toEqual([
      { reason: 'signal is # s old; SIGNAL_MAX_AGE is # s', count: 2 },
      { reason: '# positions are open, the most RISK_MAX_OPEN_POSITIONS allows (#)', count: 1 },
    ]);
  });

  it('filters by status, reason words or pattern, symbol, strategy and day', async () => {
    const expired = await demo.get('/portfolio/signals/refused?status=EXPIRED');
    expect(expired.body.total).toBe(2);
    const words = await demo.get('/portfolio/signals/refused?reason=risk_max_open');
    expect(reasons(words.body)).toEqual([TOO_MANY]);
    const pattern = await demo.get(
      `/portfolio/signals/refused?reason=${encodeURIComponent('signal is # s old; SIGNAL_MAX_AGE is # s')}`,
    );
    expect(pattern.body.total).toBe(2);
    const literal = await demo.get('/portfolio/signals/refused?reason=%25');
    expect(literal.body.total).toBe(0);
    expect((await demo.get('/portfolio/signals/refused?symbol=BTCUSDT')).body.total).toBe(1);
    expect((await demo.get('/portfolio/signals/refused?strategy=RSI_Strategy')).body.total).toBe(2);
    const day = await demo.get('/portfolio/signals/refused?from=2023-03-02&to=2023-03-02');
    expect(day.body.signals.map((s: { strategy: string }) => s.strategy)).toEqual(['SimpleMA_Cross']);
    expect(day.body.reasons).toEqual([{ reason: 'signal is # s old; SIGNAL_MAX_AGE is # s', count: 1 }]);
  });

  it('never mixes accounts', async () => {
    const { body } = await demo.get('/portfolio/signals/refused?mode=live');
    expect(body).toMatchObject({ mode: 'live', total: 1 });
    expect(reasons(body)).toEqual(['insufficient USDC']);
  });

  it('pages', async () => {
    const { body } = await demo.get('/portfolio/signals/refused?limit=2&page=2');
    expect(body).toMatchObject({ total: 3, pages: 2, page: 2 });
    expect(reasons(body)).toEqual([TOO_MANY]);
  });

  it.each([
    ['status=filled', 'status'],
    ['from=soon', 'from'],
    ['limit=501', 'limit'],
    ['side=BUY', 'side'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await demo.get(`/portfolio/signals/refused?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
