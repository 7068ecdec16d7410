import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Queue } from 'bullmq';
import { resolveSetup, syntheticFeed } from '@roottrading/backtest';
import { ConfigError } from '@roottrading/config';
import {
  backtestDetailQuerySchema,
  backtestRequestSchema,
  intervalToMs,
  type BacktestDetail,
  type BacktestRun,
} from '@roottrading/contracts';
import type { BacktestRunRow, Db } from '@roottrading/db';
import { HttpError, validate } from '@roottrading/service';
import { enqueue } from './jobs/queue.js';
import { equityOf, getRun, insertRun, listRuns, tradesPage } from './repositories/runs.js';
import { forbiddenSettings, RUN_SETTINGS, runEnv, snapshotSettings } from './run-settings.js';

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
    const forbidden = forbiddenSettings(body.settings);
    if (forbidden.length > 0) {
      throw new HttpError(
        400,
        `settings ${forbidden.join(', ')}: not something a backtest can set; these can: ${RUN_SETTINGS.join(', ')}`,
        forbidden.map((f) => ({ field: `settings.${f}`, message: 'is not a backtest setting' })),
      );
    }
    const settings = snapshotSettings(env, {
      ...body.settings,
      ...(body.symbols ? { SYMBOLS: body.symbols.join(',') } : {}),
      ...(body.strategies ? { STRATEGIES: body.strategies.join(',') } : {}),
    });
    const request = { ...body, settings };
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

/** The settings, strategies and source as a worker will see them; a ConfigError is the client's 400. */
function check(
  request: { source: string; from?: string | undefined; to?: string | undefined; settings: Record<string, string> },
  env: Record<string, string | undefined>,
): void {
  const runAs = runEnv(env, request.settings);
  try {
    const resolved = resolveSetup(runAs);
    if (request.source === 'files' && !env.REPLAY_DIR) {
      throw new ConfigError('source "files" needs REPLAY_DIR set on the backtest service');
    }
    if (request.source === 'synthetic') {
      const to = request.to === undefined ? undefined : Date.parse(request.to);
      const from = request.from === undefined ? undefined : Date.parse(request.from);
      const intervalMs = intervalToMs(resolved.settings.INTERVAL);
      syntheticFeed(runAs, resolved.settings.SYMBOLS, resolved.settings.INTERVAL, intervalMs, {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
    }
  } catch (err) {
    if (err instanceof ConfigError) throw new HttpError(400, err.message.replace(/^config: /, ''));
    throw err;
  }
}

/** NUMERIC text without the scale's trailing zeros. */
const plain = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

function runView(row: BacktestRunRow): BacktestRun {
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
