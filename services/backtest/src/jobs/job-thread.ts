/**
 * One backtest run in a worker thread: the CPU-bound stepping stays off the service's event loop
 * (its HTTP API and the queue's heartbeats keep answering), and a run's memory is freed with its
 * thread. It reads the candles, runs `executeBacktest` (exactly what `pnpm backtest` runs), and
 * stores the report, the trades and the equity curve in one transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { executeBacktest, type BacktestReport } from '@roottrading/backtest';
import type { BacktestStoredReport } from '@roottrading/contracts';
import { createDb, type NewBacktestEquity, type NewBacktestTrade } from '@roottrading/db';
import { finishRun } from '../repositories/runs.js';
import { runPeriod } from '../run-settings.js';
import type { JobInput, JobMessage } from './messages.js';

const { runId, request, env } = (workerData as { input: JobInput }).input;
const post = (m: JobMessage) => parentPort!.postMessage(m);

const db = createDb(env.DATABASE_URL!, { max: 2 });
try {
  const report = await executeBacktest(env, {
    source: request.source,
    // The report goes to any API client: it names the service's files, not the server's path.
    dataLabel: "in the backtest service's REPLAY_DIR",
    period: runPeriod(request),
    ...(request.windowed && { warmUp: true, closeAtEnd: true }),
    db,
    onStart: (total) => post({ type: 'start', total }),
    onProgress: (done) => post({ type: 'progress', done }),
  });
  await finishRun(db, runId, {
    report: stored(report),
    candles: report.candles,
    trades: report.trades.map((t) => tradeRow(runId, t)),
    equity: report.equity.map((p): NewBacktestEquity => ({
      run_id: runId,
      quote: p.quote,
      time: p.time,
      value: p.value,
    })),
  });
  post({ type: 'done', candles: report.candles, trades: report.trades.length });
} catch (err) {
  post({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
} finally {
  await db.destroy();
}

/** The report as stored with the run: everything but the long lists (trades and equity have their tables). */
function stored(report: BacktestReport): BacktestStoredReport {
  const { orders, trades, closedPositions, equity, ...rest } = report;
  return {
    ...rest,
    counts: {
      orders: orders.length,
      trades: trades.length,
      closedPositions: closedPositions.length,
      equity: equity.length,
    },
  };
}

function tradeRow(run: string, t: BacktestReport['trades'][number]): NewBacktestTrade {
  return {
    run_id: run,
    seq: t.seq,
    strategy: t.strategy,
    symbol: t.symbol,
    side: t.side,
    time: t.time,
    price: t.price,
    quantity: t.quantity,
    quote_quantity: t.quoteQuantity,
    fee: t.fee,
    fee_currency: t.feeCurrency,
    fee_quote: t.feeQuote,
    role: t.role,
    realized_pnl: t.realizedPnl,
    exit_reason: t.exitReason,
    signal_id: t.signalId,
  };
}
