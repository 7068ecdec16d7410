import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Queue } from 'bullmq';
import { combinations, parseGrid, rank, RANKINGS, type GridAxis } from '@roottrading/backtest';
import { ConfigError } from '@roottrading/config';
import type { BacktestRequest, BacktestSweep } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { HttpError } from '@roottrading/service';
import { enqueueMany } from './jobs/queue.js';
import { insertRuns, sweepRuns } from './repositories/runs.js';
import { check, requestOf } from './run-checks.js';
import type { StoredRequest } from './run-settings.js';
import { runView } from './views.js';
import { walkForwardOf, walkPlan, type WalkCell } from './walk-forward-sweep.js';

/** A sweep through the service runs at most this many combinations (the CLI allows more, on its own machine). */
export const SERVICE_MAX_COMBINATIONS = 500;

interface SweepInfo {
  id: string;
  index: number;
  rank: string;
  quote: string | null;
  grid: string;
  combination: Record<string, string>;
  /** A walk-forward's run: its window and side (absent in a plain sweep). */
  walk?: WalkCell;
}

interface Deps {
  db: Db;
  queue: Queue<{ runId: string }>;
  env: Record<string, string | undefined>;
}

/**
 * Every combination of the grid as a stored run of its own, all checked before any is queued (a bad
 * value in one combination is a 400 naming it), queued together; the workers share them as any runs.
 */
export async function queueSweep({ db, queue, env }: Deps, body: BacktestRequest) {
  let axes: GridAxis[];
  try {
    axes = parseGrid(body.grid!);
  } catch (err) {
    if (err instanceof ConfigError) throw new HttpError(400, err.message.replace(/^--grid: /, 'grid: '));
    throw err;
  }
  if (!RANKINGS[body.rank]) throw new HttpError(400, `rank must be one of ${Object.keys(RANKINGS).join(', ')}`);
  const combos = combinations(axes);
  const windows = body.walkForward ? await walkPlan(body, requestOf(body, env), env) : null;
  // A walk-forward runs every combination on each window's two parts.
  const cells = windows
    ? windows.flatMap((win, window) =>
        ([0, 1] as const).flatMap((side) =>
          combos.map((combination, combo) => ({
            combination,
            period: side === 0 ? win.train : win.test,
            walk: { window, side, combo, windows, combos: combos.length },
          })),
        ),
      )
    : combos.map((combination) => ({ combination, period: undefined, walk: undefined }));
  if (cells.length > SERVICE_MAX_COMBINATIONS) {
    throw new HttpError(
      400,
      `grid: ${windows ? `${cells.length} runs (${combos.length} combinations × ${windows.length} windows × 2)` : `${cells.length} combinations`}; a sweep through the service runs at most ${SERVICE_MAX_COMBINATIONS}`,
    );
  }
  const id = randomUUID();
  const runs = cells.map(({ combination, period, walk }, index) => {
    const named = Object.entries(combination)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const where = walk ? ` window ${walk.window + 1} ${walk.side === 0 ? 'train' : 'test'}` : '';
    const request: StoredRequest & { sweep: SweepInfo } = {
      ...requestOf(body, env, combination),
      ...(period && { from: period.from, to: period.to, windowed: true }),
      label: `${body.label ?? (walk ? 'walk-forward' : 'sweep')}${where} ${named}`,
      sweep: {
        id,
        index,
        rank: body.rank,
        quote: body.quote ?? null,
        grid: body.grid!,
        combination,
        ...(walk && { walk }),
      },
    };
    try {
      check(request, env);
    } catch (err) {
      if (err instanceof HttpError)
        throw new HttpError(400, `combination ${JSON.stringify(combination)}: ${err.message}`);
      throw err;
    }
    return { id: randomUUID(), request };
  });
  await insertRuns(db, runs);
  await enqueueMany(
    queue,
    runs.map((r) => r.id),
  );
  return { id, runs: runs.map((r) => r.id) };
}

export function mountSweepRoutes(app: Express, { db }: { db: Db }): void {
  app.get('/sweeps/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new HttpError(400, `invalid sweep id "${id.slice(0, 80)}": expected a UUID`);
    const rows = await sweepRuns(db, id);
    if (rows.length === 0) throw new HttpError(404, `no sweep ${id}`);
    const info = (rows[0]!.request as { sweep: SweepInfo }).sweep;
    const pick = RANKINGS[info.rank]!;
    const scored = rows.map((row) => {
      const sweep = (row.request as { sweep: SweepInfo }).sweep;
      const total =
        (row.report as { summary?: { total?: Parameters<typeof pick>[0][] } } | null)?.summary?.total ?? null;
      const q = total ? (info.quote ? total.find((t) => t.quote === info.quote) : total[0]) : undefined;
      return { settings: sweep.combination, total, error: row.error, score: q ? pick(q) : null, row, walk: sweep.walk };
    });
    const body: BacktestSweep = {
      id,
      rank: info.rank,
      quote: info.quote,
      grid: info.grid,
      walkForward: info.walk
        ? walkForwardOf(scored.flatMap((s) => (s.walk ? [{ settings: s.settings, score: s.score, walk: s.walk }] : [])))
        : null,
      runs: rank(scored).map((r) => {
        const s = r as (typeof scored)[number];
        return { settings: s.settings, score: s.score, run: runView(s.row) };
      }),
    };
    res.json(body);
  });
}
