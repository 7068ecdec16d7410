import { sql, type Kysely } from 'kysely';

/**
 * Stored backtests, apart from the paper and live account: a run (its request, status, progress
 * and report), its trades and its equity curve. A run's results are written in one transaction
 * with its status, so a run is either done with all its rows or not done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('backtest_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('candles_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('candles_total', 'integer')
    .addColumn('report', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('worker', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('backtest_runs_created').on('backtest_runs').column('created_at').execute();
  await db.schema
    .createTable('backtest_trades')
    .addColumn('run_id', 'text', (c) => c.notNull().references('backtest_runs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('price', sql`numeric(38, 18)`, (c) => c.notNull())
    .addColumn('quantity', sql`numeric(38, 18)`, (c) => c.notNull())
    .addColumn('quote_quantity', sql`numeric(38, 18)`, (c) => c.notNull())
    .addColumn('fee', sql`numeric(38, 18)`, (c) => c.notNull())
    .addColumn('fee_currency', 'text', (c) => c.notNull())
    .addColumn('fee_quote', sql`numeric(38, 18)`)
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('realized_pnl', sql`numeric(38, 18)`)
    .addColumn('exit_reason', 'text')
    .addColumn('signal_id', 'text')
    .addPrimaryKeyConstraint('backtest_trades_pk', ['run_id', 'seq'])
    .execute();
  await db.schema
    .createTable('backtest_equity')
    .addColumn('run_id', 'text', (c) => c.notNull().references('backtest_runs.id').onDelete('cascade'))
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('value', sql`numeric(38, 18)`, (c) => c.notNull())
    .addPrimaryKeyConstraint('backtest_equity_pk', ['run_id', 'quote', 'time'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('backtest_equity').execute();
  await db.schema.dropTable('backtest_trades').execute();
  await db.schema.dropTable('backtest_runs').execute();
}
