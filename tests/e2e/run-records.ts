/**
 * A run's orders, trades and closed positions in one comparable shape, read from the services'
 * database or from `pnpm backtest`'s report: the engine issue's definition of "the same results".
 */
import { backtestCommand, type BacktestReport } from '@roottrading/backtest';
import { dec, toPlain } from '@roottrading/accounting';
import type { Db } from '@roottrading/db';

const n = (v: string | null) => (v === null ? null : toPlain(dec(v)));

export interface RunRecords {
  orders: unknown[][];
  trades: Record<string, unknown>[];
  closed: unknown[][];
}

/** What the services recorded, in the order they recorded it. */
export async function recordsOf(db: Db): Promise<RunRecords> {
  const orders = await db.selectFrom('orders').selectAll().execute();
  orders.sort((a, b) => Number(a.client_order_id.slice(4)) - Number(b.client_order_id.slice(4)));
  const trades = await db.selectFrom('trades').selectAll().orderBy('id').execute();
  const closed = await db.selectFrom('closed_positions').selectAll().orderBy('id').execute();
  return {
    orders: orders.map((o) => [o.strategy, o.symbol, o.side, o.type, o.status, o.reason, n(o.price), n(o.quantity)]),
    trades: trades.map((t) => ({
      strategy: t.strategy,
      symbol: t.symbol,
      side: t.side,
      time: t.timestamp.getTime(),
      price: n(t.price),
      quantity: n(t.quantity),
      quote: n(t.quote_quantity),
      fee: n(t.fee),
      feeCurrency: t.fee_currency,
      feeQuote: n(t.fee_quote),
      role: t.role,
      realized: n(t.realized_pnl),
      exitReason: t.exit_reason,
      signalId: t.signal_id,
    })),
    closed: closed.map((c) => [
      c.strategy,
      c.symbol,
      c.exit_reason,
      n(c.quantity),
      n(c.net_pnl),
      c.closed_at.getTime(),
    ]),
  };
}

/** `pnpm backtest` in this process with `settings` as its environment. */
export async function backtestRecords(args: string[], settings: Record<string, string>): Promise<RunRecords> {
  const report = (await backtestCommand(args, settings, { out: () => undefined })) as BacktestReport;
  return {
    orders: report.orders.map((o) => [
      o.strategy,
      o.symbol,
      o.side,
      o.type,
      o.status,
      o.reason,
      n(o.price),
      n(o.quantity),
    ]),
    trades: report.trades.map((t) => ({
      strategy: t.strategy,
      symbol: t.symbol,
      side: t.side,
      time: Date.parse(t.time),
      price: n(t.price),
      quantity: n(t.quantity),
      quote: n(t.quoteQuantity),
      fee: n(t.fee),
      feeCurrency: t.feeCurrency,
      feeQuote: n(t.feeQuote),
      role: t.role,
      realized: n(t.realizedPnl),
      exitReason: t.exitReason,
      signalId: t.signalId,
    })),
    closed: report.closedPositions.map((c) => [
      c.strategy,
      c.symbol,
      c.exitReason,
      n(c.quantity),
      n(c.netPnl),
      Date.parse(c.closedAt),
    ]),
  };
}
