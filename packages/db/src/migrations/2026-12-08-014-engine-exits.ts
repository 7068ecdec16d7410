import { sql, type Kysely } from 'kysely';

const BEFORE = sql`('signal', 'stop_loss', 'take_profit', 'trailing_stop', 'manual', 'kill_switch')`;
const EXIT_REASONS = sql`('signal', 'stop_loss', 'take_profit', 'trailing_stop', 'manual', 'kill_switch',
  'partial_take_profit', 'time_stop')`;

/**
 * The partial take-profit and the time stop (issue 12). They travel as the other protections do:
 * on the stored signal (the trader acts only on a signal stored as the stream carried it), on an
 * entry's order row (a live BUY's position gets them when its fill is learned later) and on the
 * position, with what the engine needs after a restart: whether the partial was taken, and the
 * candle the position was opened on (the time stop counts from it). Two new exit reasons.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['signals', 'orders'] as const) {
    await db.schema
      .alterTable(table)
      /** {"price": "105", "fraction": "0.5"} */
      .addColumn('partial_take_profit', 'jsonb')
      .addColumn('time_stop', 'integer', (c) => c.check(sql`time_stop is null or time_stop >= 1`))
      .execute();
  }
  await db.schema
    .alterTable('positions')
    .addColumn('partial_take_profit', 'jsonb')
    .addColumn('time_stop', 'integer', (c) => c.check(sql`time_stop is null or time_stop >= 1`))
    .addColumn('partial_taken', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('entry_candle', 'timestamptz')
    .execute();
  await exitReasons(db, EXIT_REASONS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await exitReasons(db, BEFORE);
  await db.schema
    .alterTable('positions')
    .dropColumn('entry_candle')
    .dropColumn('partial_taken')
    .dropColumn('time_stop')
    .dropColumn('partial_take_profit')
    .execute();
  for (const table of ['orders', 'signals'] as const) {
    await db.schema.alterTable(table).dropColumn('time_stop').dropColumn('partial_take_profit').execute();
  }
}

/** The exit-reason checks (postgres named them <table>_exit_reason_check), replaced with `reasons`. */
async function exitReasons(db: Kysely<unknown>, reasons: ReturnType<typeof sql>): Promise<void> {
  await sql`alter table closed_positions drop constraint if exists closed_positions_exit_reason_check`.execute(db);
  await sql`alter table closed_positions add constraint closed_positions_exit_reason_check
    check (exit_reason in ${reasons})`.execute(db);
  for (const table of ['orders', 'trades']) {
    const name = sql.raw(`${table}_exit_reason_check`);
    await sql`alter table ${sql.table(table)} drop constraint if exists ${name}`.execute(db);
    await sql`alter table ${sql.table(table)} add constraint ${name}
      check (exit_reason is null or exit_reason in ${reasons})`.execute(db);
  }
}
