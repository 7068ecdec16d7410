import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;

/**
 * The net result of the positions each strategy instance closed, per quote currency: what its
 * budget (STRATEGIES_FILE) has gained or lost. Kept beside the account like the equity marks, and
 * cleared with it by a paper account reset, so a restart resumes each budget where it was; the
 * closed positions themselves stay as history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_results')
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('net_pnl', MONEY, (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_results_pkey', ['demo', 'strategy', 'quote'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('instance_results').execute();
}
