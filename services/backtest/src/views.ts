import type { BacktestRun, BacktestTrade } from '@roottrading/contracts';
import type { BacktestRunRow, BacktestTradeRow } from '@roottrading/db';

/** NUMERIC text without the scale's trailing zeros. */
export const plain = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

/** A stored trade as the API serves it: exactly the report's trade (money as decimal strings, time ISO). */
export function tradeView(t: BacktestTradeRow): BacktestTrade {
  return {
    seq: t.seq,
    strategy: t.strategy,
    symbol: t.symbol,
    side: t.side,
    time: new Date(t.time).toISOString(),
    price: plain(t.price),
    quantity: plain(t.quantity),
    quoteQuantity: plain(t.quote_quantity),
    fee: plain(t.fee),
    feeCurrency: t.fee_currency,
    feeQuote: t.fee_quote === null ? null : plain(t.fee_quote),
    role: t.role,
    realizedPnl: t.realized_pnl === null ? null : plain(t.realized_pnl),
    exitReason: t.exit_reason,
    signalId: t.signal_id,
  };
}

export function runView(row: BacktestRunRow): BacktestRun {
  const request = row.request as { label?: string };
  const report = row.report as { summary?: { total?: BacktestRun['headline'] } } | null;
  return {
    id: row.id,
    status: row.status,
    label: request.label ?? null,
    request: row.request,
    progress: { done: row.candles_done, total: row.candles_total },
    error: row.error,
    worker: row.worker,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    headline:
      report?.summary?.total?.map((q) => ({
        quote: q.quote,
        netProfit: q.netProfit,
        totalReturnPct: q.totalReturnPct,
        maxDrawdownPct: q.maxDrawdownPct,
        sharpe: q.sharpe,
        trades: q.trades,
      })) ?? null,
  };
}
