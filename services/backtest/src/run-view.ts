import type { BacktestRun } from '@roottrading/contracts';
import type { BacktestRunRow } from '@roottrading/db';

/** NUMERIC text without the scale's trailing zeros. */
export const plain = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

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
