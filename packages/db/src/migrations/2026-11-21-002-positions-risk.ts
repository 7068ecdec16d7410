import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;
const EXIT_REASONS = sql`('signal', 'stop_loss', 'take_profit', 'trailing_stop', 'manual', 'kill_switch')`;

/** Positions with a life (entry, stops, exits, history), exit reasons, and the risk manager's state. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('positions')
    // The open position's life so far: when it opened (candle time), what its entries and exits came to.
    .addColumn('opened_at', 'timestamptz')
    .addColumn('entry_quantity', MONEY, (c) => c.notNull().defaultTo(0))
    .addColumn('entry_cost', MONEY, (c) => c.notNull().defaultTo(0))
    .addColumn('exit_quantity', MONEY, (c) => c.notNull().defaultTo(0))
    .addColumn('exit_proceeds', MONEY, (c) => c.notNull().defaultTo(0))
    .addColumn('realized_gross', MONEY, (c) => c.notNull().defaultTo(0))
    /** Fees of the open position's fills, valued in the quote currency. */
    .addColumn('fees', MONEY, (c) => c.notNull().defaultTo(0))
    // Protective exits, watched by the trader's position monitor; they survive a restart here.
    .addColumn('stop_loss', MONEY)
    .addColumn('take_profit', MONEY)
    /** {"type": "percent" | "distance", "value": "0.02", "activation": "0.01" | null} */
    .addColumn('trailing_stop', 'jsonb')
    .addColumn('trail_high', MONEY)
    .addColumn('trail_stop', MONEY)
    .execute();

  await db.schema
    .createTable('closed_positions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('quantity', MONEY, (c) => c.notNull())
    .addColumn('entry_price', MONEY, (c) => c.notNull())
    .addColumn('exit_price', MONEY, (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('gross_pnl', MONEY, (c) => c.notNull())
    .addColumn('fees', MONEY, (c) => c.notNull())
    .addColumn('net_pnl', MONEY, (c) => c.notNull())
    .addColumn('exit_reason', 'text', (c) => c.notNull().check(sql`exit_reason in ${EXIT_REASONS}`))
    .execute();
  await db.schema.createIndex('closed_positions_time').on('closed_positions').columns(['demo', 'closed_at']).execute();

  for (const table of ['orders', 'trades'] as const) {
    await db.schema
      .alterTable(table)
      .addColumn('exit_reason', 'text', (c) => c.check(sql`exit_reason is null or exit_reason in ${EXIT_REASONS}`))
      .execute();
  }
  // The fee valued in the quote currency at the fill price (equal to fee when charged in the quote).
  await db.schema.alterTable('trades').addColumn('fee_quote', MONEY).execute();
  await sql`update trades set fee_quote = fee where fee_currency = split_part(symbol, '/', 2)`.execute(db);

  await db.schema
    .createTable('risk_state')
    .addColumn('demo', 'boolean', (c) => c.primaryKey())
    .addColumn('kill_switch', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('kill_reason', 'text')
    .addColumn('tripped_at', 'timestamptz')
    .addColumn('reset_by', 'text')
    .addColumn('reset_at', 'timestamptz')
    .execute();

  /** Per quote currency: peak equity (drawdown) and the equity at the start of the current UTC candle day. */
  await db.schema
    .createTable('equity_marks')
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('peak', MONEY, (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('day_start', MONEY, (c) => c.notNull())
    .addPrimaryKeyConstraint('equity_marks_pkey', ['demo', 'currency'])
    .execute();

  await db.schema
    .createTable('trading_pauses')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('all', 'strategy', 'symbol')`))
    .addColumn('target', 'text')
    .addColumn('paused_by', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resumed_by', 'text')
    .addColumn('resumed_at', 'timestamptz')
    .execute();
  await sql`create unique index trading_pauses_active on trading_pauses (demo, scope, coalesce(target, ''))
    where resumed_at is null`.execute(db);

  /** Who asked for what and when: pause, resume, close-all, kill-switch trips and resets. */
  await db.schema
    .createTable('operator_actions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('target', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();

  // Snapshots carry the candle time they describe, so a 21-day replay has a 21-day equity curve.
  await db.schema.alterTable('balance_snapshots').addColumn('candle_time', 'timestamptz').execute();
  await db.schema
    .createIndex('balance_snapshots_candle_time')
    .on('balance_snapshots')
    .columns(['demo', 'candle_time'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('balance_snapshots').dropColumn('candle_time').execute();
  for (const table of ['operator_actions', 'trading_pauses', 'equity_marks', 'risk_state', 'closed_positions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('trades').dropColumn('fee_quote').dropColumn('exit_reason').execute();
  await db.schema.alterTable('orders').dropColumn('exit_reason').execute();
  await db.schema
    .alterTable('positions')
    .dropColumn('opened_at')
    .dropColumn('entry_quantity')
    .dropColumn('entry_cost')
    .dropColumn('exit_quantity')
    .dropColumn('exit_proceeds')
    .dropColumn('realized_gross')
    .dropColumn('fees')
    .dropColumn('stop_loss')
    .dropColumn('take_profit')
    .dropColumn('trailing_stop')
    .dropColumn('trail_high')
    .dropColumn('trail_stop')
    .execute();
}
