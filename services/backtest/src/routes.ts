import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Queue } from 'bullmq';
import {
  backtestCandlesQuerySchema,
  backtestDetailQuerySchema,
  backtestRequestSchema,
  type BacktestCandles,
  type BacktestDetail,
} from '@roottrading/contracts';
import type { BacktestRunRow, Db } from '@roottrading/db';
import { HttpError, validate } from '@roottrading/service';
import { enqueue } from './jobs/queue.js';
import { equityOf, getRun, insertRun, listRuns, tradesBetween, tradesPage } from './repositories/runs.js';
import { runCandles } from './run-candles.js';
import { check, requestOf } from './run-checks.js';
import type { StoredRequest } from './run-settings.js';
import { queueSweep } from './sweeps.js';
import { plain, runView, tradeView } from './views.js';

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
    const query = validate(backtestDetailQuerySchema, req.query, 'query');
    const row = await runOf(db, req.params.id);
    const { id } = row;
    const [page, equity] = await Promise.all([tradesPage(db, id, query.limit, query.page), equityOf(db, id)]);
    const body: BacktestDetail = {
      run: runView(row),
      // Stored by the worker as backtestStoredReportSchema describes (jsonb reads back untyped).
      report: (row.report as BacktestDetail['report']) ?? null,
      trades: {
        items: page.rows.map(tradeView),
        page: query.page,
        limit: query.limit,
        total: page.total,
        pages: Math.max(1, Math.ceil(page.total / query.limit)),
      },
      equity: equity.map((p) => ({ quote: p.quote, time: new Date(p.time).toISOString(), value: plain(p.value) })),
    };
    res.json(body);
  });

  /** The candles the run stepped through for one symbol, a page at a time, with its trades on them. */
  app.get('/backtests/:id/candles', async (req, res) => {
    const query = validate(backtestCandlesQuerySchema, req.query, 'query');
    const row = await runOf(db, req.params.id);
    const page = await runCandles(db, env, row.request as StoredRequest, query);
    const first = page.candles[0];
    const last = page.candles.at(-1);
    const trades =
      first && last
        ? await tradesBetween(db, row.id, page.symbol, new Date(first.startTime), new Date(last.closeTime))
        : [];
    const body: BacktestCandles = { ...page, trades: trades.map(tradeView) };
    res.json(body);
  });
}

/** The stored run of a route's `:id`: 400 for what is not a run id, 404 for a run that does not exist. */
async function runOf(db: Db, param: unknown): Promise<BacktestRunRow> {
  const id = String(param);
  if (!ID.test(id)) throw new HttpError(400, `invalid run id "${id.slice(0, 80)}": expected a UUID`);
  const row = await getRun(db, id);
  if (!row) throw new HttpError(404, `no backtest run ${id}`);
  return row;
}
