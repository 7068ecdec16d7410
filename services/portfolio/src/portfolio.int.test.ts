import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@roottrading/bus';
import { topics, type TotalBalanceMessage } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  silentLevel,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import { portfolioEnvSchema } from './config.js';
import { startPortfolio, type PortfolioService } from './service.js';

const logger = createLogger('portfolio', silentLevel);
let tdb: TestDatabase;
let svc: PortfolioService;
let bus: Bus;
const namespace = testNamespace('portfolio');
const url = (path: string) => `http://127.0.0.1:${svc.port}${path}`;

async function seedTrades(): Promise<void> {
  const db = tdb.db;
  await db
    .insertInto('demo_balances')
    .values([
      { asset: 'USDC', free: '9979.97', locked: '0', initial: '10000', updated_at: new Date() },
      { asset: 'BTC', free: '0.001', locked: '0', initial: '0', updated_at: new Date() },
    ])
    .execute();
  // 25 filled orders: 13 buys and 12 sells on BTC/USDC, one live trade that must never show in demo figures.
  for (let i = 0; i < 26; i++) {
    const side = i % 2 === 0 ? 'BUY' : 'SELL';
    const demo = i !== 25;
    const order = await db
      .insertInto('orders')
      .values({
        client_order_id: `rt-test-${i}`,
        strategy: 'RSI_Strategy',
        symbol: 'BTC/USDC',
        side,
        type: 'market',
        quantity: '0.001',
        status: 'filled',
        demo,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('trades')
      .values({
        order_id: order.id,
        client_order_id: `rt-test-${i}`,
        symbol: 'BTC/USDC',
        side,
        status: 'FILLED',
        price: side === 'BUY' ? '20000' : '20010',
        quantity: '0.001',
        quote_quantity: side === 'BUY' ? '20' : '20.01',
        fee: side === 'BUY' ? '0.02' : '0.02001',
        fee_currency: 'USDC',
        role: 'taker',
        strategy: 'RSI_Strategy',
        signal_id: null,
        realized_pnl: side === 'SELL' ? '0.01' : null,
        timestamp: new Date(Date.UTC(2023, 2, 1, 0, i)),
        demo,
      })
      .execute();
  }
  await db
    .insertInto('positions')
    .values({
      demo: true,
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      quantity: '0.001',
      cost: '20',
      updated_at: new Date(),
    })
    .execute();
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedTrades();
  const config = portfolioEnvSchema.parse({
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: 'BTC/USDC,BTC/USDT',
    PORTFOLIO_PORT: '0',
  });
  svc = await startPortfolio(config, { logger });
  bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
});

afterAll(async () => {
  await bus?.close();
  await svc?.stop();
  await tdb?.drop();
});

describe('GET /portfolio/trades', () => {
  it('pages demo trades newest first with the total count', async () => {
    const first = await (await fetch(url('/portfolio/trades?limit=10&page=1'))).json();
    expect(first.total).toBe(25);
    expect(first.pages).toBe(3);
    expect(first.trades).toHaveLength(10);
    expect(first.trades[0].clientOrderId).toBe('rt-test-24');
    expect(first.trades.every((t: { demo: boolean }) => t.demo)).toBe(true);
    const last = await (await fetch(url('/portfolio/trades?limit=10&page=3'))).json();
    expect(last.trades.map((t: { clientOrderId: string }) => t.clientOrderId)).toEqual([
      'rt-test-4',
      'rt-test-3',
      'rt-test-2',
      'rt-test-1',
      'rt-test-0',
    ]);
    expect(last.trades[0].price).toBe('20000');
  });

  it('filters by symbol in compact or slash form', async () => {
    const compact = await (await fetch(url('/portfolio/trades?symbol=BTCUSDC'))).json();
    expect(compact.total).toBe(25);
    const other = await (await fetch(url('/portfolio/trades?symbol=BTC/USDT'))).json();
    expect(other.total).toBe(0);
    expect(other.trades).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=501', 'limit'],
    ['page=-1', 'page'],
    ['symbol=%24%24', 'symbol'],
    ['sort=price', 'sort'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const res = await fetch(url(`/portfolio/trades?${qs}`));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('GET /portfolio/summary and /portfolio/balance', () => {
  it('uses the latest published totals and sums trades exactly from the database', async () => {
    const totals: TotalBalanceMessage = {
      mode: 'demo',
      timestamp: Date.now(),
      totals: [
        {
          currency: 'USDC',
          cash: '9979.97',
          holdingsValue: '20.5',
          holdingsCost: '20',
          total: '10000.47',
          prices: { 'BTC/USDC': '20500' },
        },
      ],
    };
    await bus.publish(topics.totalBalance, totals);
    await bus.publish(topics.totalBalance, { ...totals, mode: 'live', totals: [] });
    await bus.publish(topics.balances, {
      mode: 'demo',
      timestamp: Date.now(),
      balances: [
        { asset: 'USDC', free: '9979.97', locked: '0', total: '9979.97', value: '9979.97', valueCurrency: 'USDC' },
      ],
    });
    await waitFor(() => svc.view.totals && svc.view.balances, { what: 'published totals' });

    const summary = await (await fetch(url('/portfolio/summary'))).json();
    expect(summary.mode).toBe('demo');
    const usdc = summary.currencies.find((c: { currency: string }) => c.currency === 'USDC');
    expect(usdc).toEqual({
      currency: 'USDC',
      totalValue: '10000.47',
      cash: '9979.97',
      holdingsValue: '20.5',
      holdingsCost: '20',
      startingCash: '10000',
      realizedPnl: '0.12',
      feesPaid: '0.50012',
      realizedNet: '-0.38012',
      tradeCount: 25,
    });
    // Starting cash + realized − fees = cash + holdings at cost: 10000 + 0.12 − 0.50012 = 9979.61988 + 20
    const usdt = summary.currencies.find((c: { currency: string }) => c.currency === 'USDT');
    expect(usdt.tradeCount).toBe(0);

    const balance = await (await fetch(url('/portfolio/balance'))).json();
    expect(balance.balances).toEqual([
      { asset: 'USDC', free: '9979.97', locked: '0', total: '9979.97', value: '9979.97', valueCurrency: 'USDC' },
    ]);
  });

  it('drops an invalid balances message and keeps serving', async () => {
    await bus.redis.publish(bus.key(topics.balances.channel), JSON.stringify({ mode: 'demo', balances: 'nope' }));
    const res = await fetch(url('/health'));
    expect(res.status).toBe(200);
    const balance = await (await fetch(url('/portfolio/balance'))).json();
    expect(balance.balances).toHaveLength(1);
  });
});
