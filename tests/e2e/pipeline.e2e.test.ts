/**
 * End to end: the four services as real processes (the command `pnpm start` runs), replaying the
 * real BTC/USDC and BTC/USDT minutes of March 2023 at max speed, on the real Redis and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyFill, dec, EMPTY_HOLDING, sum, type Decimal, type Holding } from '@roottrading/accounting';
import { quoteOf, type Summary } from '@roottrading/contracts';
import { createTestDatabase, waitFor, type TestDatabase } from '@roottrading/testing';
import { startReplayStack, waitForReplayToSettle, type ReplayStack } from './replay-stack.js';

const SLIPPAGE = '0.0005';
const FEE_RATE = '0.001';
const TICK = '0.01';
/** The stack signs every bus message, as docker-compose runs it. */
const BUS_SECRET = 'e2e-pipeline-bus-secret-0123456789abcdef';
let tdb: TestDatabase;
let stack: ReplayStack;
let services: ReplayStack['services'];

async function json<T = Record<string, unknown>>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  return (await res.json()) as T;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  stack = await startReplayStack(tdb.url, 'BTC/USDC,BTC/USDT', {
    trader: { DEMO_BALANCES: 'USDC=10000,USDT=10000', FEE_RATE, SLIPPAGE },
    all: { BUS_SECRET },
  });
  services = stack.services;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
});

describe('replay of real data through the whole pipeline', () => {
  it('finishes the replay, and the trader works through every signal', async () => {
    // Every stored signal ends up with exactly one order (filled, rejected or expired).
    const { signals } = await waitForReplayToSettle(
      tdb.db,
      { gateway: services.gateway, analyzer: services.analyzer, trader: services.trader },
      2 * 30_240,
    );
    expect(signals).toBeGreaterThan(0);
    // Published is not yet stored: the gateway writes candles in batches a moment later.
    await waitFor(
      async () => {
        const c = await tdb.db
          .selectFrom('candles')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(c.n) === 2 * 30_240;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'every replayed candle to be stored' },
    );

    const expired = await tdb.db.selectFrom('orders').where('status', '=', 'expired').selectAll().execute();
    expect(expired).toEqual([]);
    // Signed end to end: no message was refused, and every signal the analyzer stored was the one it sent.
    const details = async (svc: { url(path: string): string }) =>
      (await json<{ details: { signatureRejects: number; signalsForged?: number } }>(svc.url('/health'))).details;
    expect(await details(services.trader)).toMatchObject({ signatureRejects: 0, signalsForged: 0 });
    expect(await details(services.analyzer)).toMatchObject({ signatureRejects: 0 });
    expect(await details(services.portfolio)).toMatchObject({ signatureRejects: 0 });
  }, 900_000);

  it('fills every signal at its candle close ± slippage, never at a later price (no look-ahead)', async () => {
    const rows = await tdb.db
      .selectFrom('trades')
      .innerJoin('signals', 'signals.id', 'trades.signal_id')
      .select([
        'trades.side',
        'trades.price',
        'trades.quantity',
        'trades.quote_quantity',
        'trades.fee',
        'signals.price as close',
        'signals.candle_time',
      ])
      .where('trades.demo', '=', true)
      .execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      // Slippage works against the trader, and so does rounding to the tick: buys round up, sells down.
      const slipped = dec(r.close).mul(r.side === 'BUY' ? dec(1).plus(SLIPPAGE) : dec(1).minus(SLIPPAGE));
      const ticks = slipped.div(TICK);
      const expected = (r.side === 'BUY' ? ticks.ceil() : ticks.floor()).mul(TICK);
      expect(dec(r.price).eq(expected)).toBe(true);
      expect(dec(r.quote_quantity).eq(dec(r.price).mul(r.quantity))).toBe(true);
      expect(dec(r.fee).eq(dec(r.quote_quantity).mul(FEE_RATE).toDecimalPlaces(8))).toBe(true);
    }
    const candleCloses = await tdb.db
      .selectFrom('signals')
      .innerJoin('candles', (j) =>
        j.onRef('candles.symbol', '=', 'signals.symbol').onRef('candles.open_time', '=', 'signals.candle_time'),
      )
      .select(['signals.price', 'candles.close'])
      .execute();
    for (const c of candleCloses) expect(dec(c.price).eq(c.close)).toBe(true);
  });

  it('reports a portfolio that agrees with the trades, per quote currency, exactly', async () => {
    const trades = await tdb.db.selectFrom('trades').selectAll().where('demo', '=', true).orderBy('id').execute();
    // Recompute realized PnL and fees from the trades table, per strategy and symbol at average cost.
    const holdings = new Map<string, Holding>();
    const realized = new Map<string, Decimal[]>();
    const fees = new Map<string, Decimal[]>();
    for (const t of trades) {
      const key = `${t.strategy}|${t.symbol}`;
      const effect = applyFill(holdings.get(key) ?? EMPTY_HOLDING, t.side, dec(t.quantity), dec(t.price));
      holdings.set(key, effect.holding);
      const q = quoteOf(t.symbol);
      if (effect.realized) realized.set(q, [...(realized.get(q) ?? []), effect.realized]);
      fees.set(q, [...(fees.get(q) ?? []), dec(t.fee)]);
    }
    const lastFill = Math.max(...trades.map((t) => Number(t.id)));
    const summary = await waitFor(
      async () => {
        const s = await json<Summary>(services.portfolio.url('/portfolio/summary'));
        const count = s.currencies.reduce((n, c) => n + c.tradeCount, 0);
        // The trader publishes after its last fill; wait until the portfolio holds that publication.
        const settled = s.currencies.every((c) =>
          dec(c.startingCash ?? 0)
            .plus(c.realizedPnl)
            .minus(c.feesPaid)
            .eq(dec(c.cash).plus(c.holdingsCost)),
        );
        return count === trades.length && settled && lastFill > 0 ? s : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the portfolio to settle' },
    );
    for (const quote of ['USDC', 'USDT']) {
      const c = summary.currencies.find((x) => x.currency === quote)!;
      expect(c.startingCash).toBe('10000');
      expect(dec(c.realizedPnl).eq(sum(realized.get(quote) ?? []))).toBe(true);
      expect(dec(c.feesPaid).eq(sum(fees.get(quote) ?? []))).toBe(true);
      expect(dec(c.cash).plus(c.holdingsValue!).eq(c.totalValue!)).toBe(true);
      const atCost = sum([...holdings].filter(([k]) => quoteOf(k.split('|')[1]!) === quote).map(([, h]) => h.cost));
      expect(dec(c.holdingsCost).eq(atCost)).toBe(true);
      expect(dec(10000).plus(c.realizedPnl).minus(c.feesPaid).eq(dec(c.cash).plus(c.holdingsCost))).toBe(true);
    }
    const balance = await json<{ balances: { asset: string; total: string }[] }>(
      services.portfolio.url('/portfolio/balance'),
    );
    for (const quote of ['USDC', 'USDT']) {
      const cash = summary.currencies.find((x) => x.currency === quote)!.cash;
      expect(balance.balances.find((b) => b.asset === quote)?.total).toBe(cash);
    }
    const btcHeld = sum([...holdings.values()].map((h) => h.quantity));
    expect(dec(balance.balances.find((b) => b.asset === 'BTC')?.total ?? 0).eq(btcHeld)).toBe(true);
  }, 120_000);

  it('answers a bad POST /trade with a 400 and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await tdb.db
            .selectFrom('orders')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const body of [
      { symbol: 'BTCUSDC', side: 'BUY', quantity: -1 },
      { symbol: 'BTCUSDC', side: 'HOLD', quantity: 0.001 },
      {},
    ]) {
      const res = await fetch(services.trader.url('/trade'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: string; details: { field: string }[] };
      expect(err.details.length).toBeGreaterThan(0);
    }
    expect(await count()).toBe(before);
    const health = await fetch(services.trader.url('/health'));
    expect(health.status).toBe(200);
  });
});
