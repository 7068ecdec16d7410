/**
 * Test-only helpers for the integration tests: a portfolio started in-process on a test database
 * and namespace, and rows seeded the way the trader writes them.
 */
import { dec, toPlain } from '@roottrading/accounting';
import type { TradingMode } from '@roottrading/contracts';
import type { Db, ExitReason, TrailingRule } from '@roottrading/db';
import { createLogger } from '@roottrading/logger';
import { silentLevel, TEST_REDIS_URL, type TestDatabase } from '@roottrading/testing';
import { portfolioEnvSchema } from './config.js';
import { startPortfolio, type PortfolioService } from './service.js';

export interface TestPortfolio {
  svc: PortfolioService;
  get(path: string): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

export async function startTestPortfolio(
  tdb: TestDatabase,
  namespace: string,
  {
    mode = 'demo',
    symbols = 'BTC/USDC,BTC/USDT',
    env = {},
  }: { mode?: TradingMode; symbols?: string; env?: Record<string, string> } = {},
): Promise<TestPortfolio> {
  const config = portfolioEnvSchema.parse({
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: symbols,
    TRADING_MODE: mode,
    PORTFOLIO_PORT: '0',
    ...env,
  });
  const svc = await startPortfolio(config, { logger: createLogger('portfolio', silentLevel) });
  return {
    svc,
    get: async (path) => {
      const res = await fetch(`http://127.0.0.1:${svc.port}${path}`);
      return { status: res.status, body: await res.json() };
    },
  };
}

let seq = 0;

export interface TradeSeed {
  demo?: boolean;
  strategy?: string;
  symbol?: string;
  side: 'BUY' | 'SELL';
  price: string;
  quantity: string;
  fee?: string;
  /** Default: the quote; a fee in the base asset needs `feeQuote`, its quote value. */
  feeCurrency?: string;
  feeQuote?: string;
  realizedPnl?: string | null;
  exitReason?: ExitReason | null;
  timestamp: Date;
}

/** An order and its fill, as the trader commits them (fee in the quote currency). */
export async function insertTrade(db: Db, t: TradeSeed): Promise<string> {
  const id = `rt-seed-${++seq}`;
  const symbol = t.symbol ?? 'BTC/USDC';
  const order = await db
    .insertInto('orders')
    .values({
      client_order_id: id,
      strategy: t.strategy ?? 'RSI_Strategy',
      symbol,
      side: t.side,
      type: 'market',
      quantity: t.quantity,
      status: 'filled',
      demo: t.demo ?? true,
      exit_reason: t.exitReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const fee = t.fee ?? '0';
  await db
    .insertInto('trades')
    .values({
      order_id: order.id,
      client_order_id: id,
      symbol,
      side: t.side,
      status: 'FILLED',
      price: t.price,
      quantity: t.quantity,
      quote_quantity: toPlain(dec(t.price).mul(t.quantity)),
      fee,
      fee_currency: t.feeCurrency ?? symbol.split('/')[1]!,
      fee_quote: t.feeQuote ?? fee,
      role: 'taker',
      strategy: t.strategy ?? 'RSI_Strategy',
      signal_id: null,
      realized_pnl: t.realizedPnl ?? null,
      exit_reason: t.exitReason ?? null,
      timestamp: t.timestamp,
      demo: t.demo ?? true,
    })
    .execute();
  return id;
}

export interface ClosedSeed {
  demo?: boolean;
  strategy?: string;
  symbol?: string;
  quantity?: string;
  entryPrice: string;
  exitPrice: string;
  openedAt: Date;
  closedAt: Date;
  gross: string;
  fees: string;
  net: string;
  exitReason?: ExitReason;
}

export async function insertClosedPosition(db: Db, c: ClosedSeed): Promise<string> {
  const row = await db
    .insertInto('closed_positions')
    .values({
      demo: c.demo ?? true,
      strategy: c.strategy ?? 'RSI_Strategy',
      symbol: c.symbol ?? 'BTC/USDC',
      quantity: c.quantity ?? '0.001',
      entry_price: c.entryPrice,
      exit_price: c.exitPrice,
      opened_at: c.openedAt,
      closed_at: c.closedAt,
      gross_pnl: c.gross,
      fees: c.fees,
      net_pnl: c.net,
      exit_reason: c.exitReason ?? 'signal',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PositionSeed {
  demo?: boolean;
  strategy?: string;
  symbol?: string;
  quantity: string;
  cost: string;
  openedAt?: Date | null;
  realizedGross?: string;
  fees?: string;
  stopLoss?: string | null;
  takeProfit?: string | null;
  trailingStop?: TrailingRule | null;
  trailHigh?: string | null;
  trailStop?: string | null;
}

export async function insertPosition(db: Db, p: PositionSeed): Promise<void> {
  await db
    .insertInto('positions')
    .values({
      demo: p.demo ?? true,
      strategy: p.strategy ?? 'RSI_Strategy',
      symbol: p.symbol ?? 'BTC/USDC',
      quantity: p.quantity,
      cost: p.cost,
      updated_at: new Date(),
      opened_at: p.openedAt ?? null,
      realized_gross: p.realizedGross ?? '0',
      fees: p.fees ?? '0',
      stop_loss: p.stopLoss ?? null,
      take_profit: p.takeProfit ?? null,
      trailing_stop: p.trailingStop ? JSON.stringify(p.trailingStop) : null,
      trail_high: p.trailHigh ?? null,
      trail_stop: p.trailStop ?? null,
    })
    .execute();
}

export interface QuoteTotalSeed {
  currency: string;
  total: string;
  cash?: string;
  prices?: Record<string, string>;
}

/** A balance_snapshots row as the trader stores it: the balance and total lists, not whole messages. */
export async function insertSnapshot(
  db: Db,
  s: { demo?: boolean; takenAt: Date; candleTime?: Date | null; totals: QuoteTotalSeed[] },
): Promise<void> {
  const totals = s.totals.map((t) => ({
    currency: t.currency,
    total: t.total,
    cash: t.cash ?? t.total,
    holdingsValue: '0',
    holdingsCost: '0',
    prices: t.prices ?? {},
  }));
  const balances = s.totals.map((t) => ({
    asset: t.currency,
    free: t.cash ?? t.total,
    locked: '0',
    total: t.cash ?? t.total,
    value: t.cash ?? t.total,
    valueCurrency: t.currency,
  }));
  await db
    .insertInto('balance_snapshots')
    .values({
      demo: s.demo ?? true,
      taken_at: s.takenAt,
      candle_time: s.candleTime ?? null,
      balances: JSON.stringify(balances),
      totals: JSON.stringify(totals),
    })
    .execute();
}

export const minute = (day: number, hour: number, min = 0) => new Date(Date.UTC(2023, 2, day, hour, min));

export interface RefusedSeed {
  demo?: boolean;
  strategy?: string;
  symbol?: string;
  side?: 'BUY' | 'SELL';
  status: 'rejected' | 'expired';
  reason: string;
  at: Date;
  /** Stores the signal too (its candle a minute before `at`, at this price). */
  price?: string;
}

/** A signal the trader refused, as it records one: an order with the signal's id, its status and reason. */
export async function insertRefusedSignal(db: Db, r: RefusedSeed): Promise<string> {
  const id = `sig-seed-${++seq}`;
  const strategy = r.strategy ?? 'RSI_Strategy';
  const symbol = r.symbol ?? 'BTC/USDC';
  const side = r.side ?? 'BUY';
  if (r.price !== undefined) {
    const candle = new Date(r.at.getTime() - 60_000);
    await db
      .insertInto('signals')
      .values({
        id,
        strategy,
        symbol,
        interval: '1m',
        side,
        candle_time: candle,
        price: r.price,
        metadata: '{}',
        emitted_at: r.at,
      })
      .execute();
  }
  await db
    .insertInto('orders')
    .values({
      client_order_id: `rt-${id}`,
      signal_id: id,
      strategy,
      symbol,
      side,
      type: 'market',
      quantity: '0.001',
      status: r.status,
      reason: r.reason,
      demo: r.demo ?? true,
      created_at: r.at,
    })
    .execute();
  return id;
}
