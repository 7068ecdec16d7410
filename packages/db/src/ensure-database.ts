import pg from 'pg';
import type { Logger } from '@roottrading/logger';

/** Creates the database named in the URL when it does not exist yet, so a fresh machine starts with one command. */
export async function ensureDatabase(url: string, logger?: Logger): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
      logger?.info({ database: name }, 'database created');
    }
  } finally {
    await client.end();
  }
}
