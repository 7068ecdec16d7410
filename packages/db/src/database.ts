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
  // A client losing its connection (PostgreSQL restarted) must not crash the service. The pool
  // listens on idle clients only; a client checked out (inside a transaction, or between a
  // transaction's statements) emits 'error' with nobody listening, which kills the process. Its
  // pending query fails and the caller retries; the pool drops the broken client on release.
  // The client's own listener below has logged it; without one here the pool's 'error' would throw.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (err) => opts.logger?.warn({ err: err.message }, 'postgres connection lost'));
  });
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
