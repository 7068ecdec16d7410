import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from '@roottrading/db';

/** The server tests create their databases on (trust auth, user postgres, on this machine). */
export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const runId = () => (process.env.RT_TEST_RUN ?? 'local').replace(/[^a-z0-9_]/gi, '_').toLowerCase();

export function templateName(): string {
  return `rt_tmpl_${runId()}`;
}

function urlFor(database: string): string {
  const u = new URL(TEST_PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the run's template database with every migration applied (jest globalSetup). */
export async function createTemplate(): Promise<void> {
  const name = templateName();
  await admin(async (c) => {
    await c.query(`drop database if exists ${name}`);
    await c.query(`create database ${name}`);
  });
  const db = createDb(urlFor(name), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** Drops every database this run created (jest globalTeardown). */
export async function dropRunDatabases(): Promise<void> {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`rt_t_${runId()}_%`, templateName()],
    );
    for (const { datname } of rows) await c.query(`drop database if exists "${datname}" with (force)`);
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: a copy of the run's template, or an
 * empty one when `migrated` is false (to test the migrations themselves).
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const name = `rt_t_${runId()}_${randomBytes(4).toString('hex')}`;
  await admin((c) =>
    c.query(migrated ? `create database ${name} template ${templateName()}` : `create database ${name}`),
  );
  const url = urlFor(name);
  const db = createDb(url, { max: 5 });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.destroy();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
