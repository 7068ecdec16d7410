import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import type { Logger } from '@roottrading/logger';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repository functions take either, so the same function works inside or outside a transaction. */
export type DbOrTx = Db | Tx;

// int8 (count(*), bigserial) as strings is pg's safe default; counts we convert where we read them.
export function createDb(url: string, opts: { max?: number; logger?: Logger } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection (PostgreSQL restart) must not crash the service.
  pool.on('error', (err) => opts.logger?.warn({ err: err.message }, 'postgres idle client error'));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return true;
  } catch {
    return false;
  }
}

/** True for PostgreSQL's unique_violation, which is how the database refuses a second order for a signal. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
