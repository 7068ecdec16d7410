import { sql } from 'kysely';
import type { BacktestRunRow, Db, DbOrTx, NewBacktestEquity, NewBacktestTrade } from '@roottrading/db';

/** Rows per INSERT: a 100,000-trade run is a hundred statements, never one per trade. */
const CHUNK = 1_000;

export async function insertRun(db: Db, id: string, request: unknown): Promise<void> {
  await db
    .insertInto('backtest_runs')
    .values({ id, status: 'queued', request: JSON.stringify(request) })
    .execute();
}

/** Many runs in one statement (a sweep's). */
export async function insertRuns(db: Db, runs: { id: string; request: unknown }[]): Promise<void> {
  for (let i = 0; i < runs.length; i += CHUNK) {
    await db
      .insertInto('backtest_runs')
      .values(
        runs
          .slice(i, i + CHUNK)
          .map((r) => ({ id: r.id, status: 'queued' as const, request: JSON.stringify(r.request) })),
      )
      .execute();
  }
}

/** A sweep's runs, in the order they were queued. */
export async function sweepRuns(db: Db, sweepId: string): Promise<BacktestRunRow[]> {
  return db
    .selectFrom('backtest_runs')
    .selectAll()
    .where(sql<string>`request->'sweep'->>'id'`, '=', sweepId)
    .orderBy(sql`(request->'sweep'->>'index')::int`)
    .execute();
}

export async function listRuns(db: Db, limit: number): Promise<BacktestRunRow[]> {
  return db
    .selectFrom('backtest_runs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function getRun(db: DbOrTx, id: string): Promise<BacktestRunRow | undefined> {
  return db.selectFrom('backtest_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A worker took the run (again, after a crash: its earlier partial state is simply overwritten). */
export async function startRun(db: Db, id: string, worker: string, total: number | null): Promise<void> {
  await db
    .updateTable('backtest_runs')
    .set({ status: 'running', worker, started_at: new Date(), candles_done: 0, candles_total: total, error: null })
    .where('id', '=', id)
    .execute();
}

export async function setTotal(db: Db, id: string, total: number | null): Promise<void> {
  await db
    .updateTable('backtest_runs')
    .set({ candles_total: total })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function saveProgress(db: Db, id: string, done: number): Promise<void> {
  await db
    .updateTable('backtest_runs')
    .set({ candles_done: done })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function failRun(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('backtest_runs')
    .set({ status: 'failed', error, finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * A finished run's results and its status in one transaction: all its rows or none, and a run
 * done twice (a retried job) replaces its rows rather than doubling them.
 */
export async function finishRun(
  db: Db,
  id: string,
  result: { report: unknown; candles: number; trades: NewBacktestTrade[]; equity: NewBacktestEquity[] },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('backtest_trades').where('run_id', '=', id).execute();
    await tx.deleteFrom('backtest_equity').where('run_id', '=', id).execute();
    for (let i = 0; i < result.trades.length; i += CHUNK) {
      await tx
        .insertInto('backtest_trades')
        .values(result.trades.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < result.equity.length; i += CHUNK) {
      await tx
        .insertInto('backtest_equity')
        .values(result.equity.slice(i, i + CHUNK))
        .execute();
    }
    await tx
      .updateTable('backtest_runs')
      .set({
        status: 'done',
        report: JSON.stringify(result.report),
        candles_done: result.candles,
        finished_at: new Date(),
        error: null,
      })
      .where('id', '=', id)
      .execute();
  });
}

export async function tradesPage(db: Db, id: string, limit: number, page: number) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('backtest_trades')
      .selectAll()
      .where('run_id', '=', id)
      .orderBy('seq')
      .limit(limit)
      .offset((page - 1) * limit)
      .execute(),
    db
      .selectFrom('backtest_trades')
      .select(sql<string>`count(*)`.as('n'))
      .where('run_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function equityOf(db: Db, id: string) {
  return db
    .selectFrom('backtest_equity')
    .selectAll()
    .where('run_id', '=', id)
    .orderBy('quote')
    .orderBy('time')
    .execute();
}

/** A run's trades of one symbol from `from` to `to` (both inclusive), in order: the marks on a page of its candles. */
export async function tradesBetween(db: Db, id: string, symbol: string, from: Date, to: Date) {
  return db
    .selectFrom('backtest_trades')
    .selectAll()
    .where('run_id', '=', id)
    .where('symbol', '=', symbol)
    .where('time', '>=', from)
    .where('time', '<=', to)
    .orderBy('seq')
    .execute();
}
