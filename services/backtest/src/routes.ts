import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Queue } from 'bullmq';
import { backtestDetailQuerySchema, backtestRequestSchema, type BacktestDetail } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { HttpError, validate } from '@roottrading/service';
import { enqueue } from './jobs/queue.js';
import { equityOf, getRun, insertRun, listRuns, tradesPage } from './repositories/runs.js';
import { check, requestOf } from './run-checks.js';
import { plain, runView } from './run-view.js';
import { queueSweep } from './sweeps.js';

export interface RouteDeps {
  db: Db;
  queue: Queue<{ runId: string }>;
  env: Record<string, string | undefined>;
}

const ID = /^[0-9a-f-]{36}$/;

export function mountBacktestRoutes(app: Express, { db, queue, env }: RouteDeps): void {
  /** Queues a run: checked first (settings, strategies, source) so a bad one is a 400 and never a failed run. */
  app.post('/backtests', async (req, res) => {
    const body = validate(backtestRequestSchema, req.body ?? {}, 'backtest request');
    if (body.grid !== undefined) {
      res.status(202).json({ sweep: await queueSweep({ db, queue, env }, body) });
      return;
    }
    const request = requestOf(body, env);
    check(request, env);
    const id = randomUUID();
    await insertRun(db, id, request);
    await enqueue(queue, id);
    res.status(202).json({ run: runView((await getRun(db, id))!) });
  });

  app.get('/backtests', async (_req, res) => {
    res.json({ runs: (await listRuns(db, 200)).map(runView) });
  });

  app.get('/backtests/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!ID.test(id)) throw new HttpError(400, `invalid run id "${id.slice(0, 80)}": expected a UUID`);
    const query = validate(backtestDetailQuerySchema, req.query, 'query');
    const row = await getRun(db, id);
    if (!row) throw new HttpError(404, `no backtest run ${id}`);
    const [page, equity] = await Promise.all([tradesPage(db, id, query.limit, query.page), equityOf(db, id)]);
    const body: BacktestDetail = {
      run: runView(row),
      report: row.report ?? null,
      trades: {
        items: page.rows.map((t) => ({
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
        })),
        page: query.page,
        limit: query.limit,
        total: page.total,
        pages: Math.max(1, Math.ceil(page.total / query.limit)),
      },
      equity: equity.map((p) => ({ quote: p.quote, time: new Date(p.time).toISOString(), value: plain(p.value) })),
    };
    res.json(body);
  });
}
