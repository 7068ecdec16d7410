import { sql } from 'kysely';
import type { Db } from '@roottrading/db';

/**
 * A fingerprint of every table's rows (the migrations' bookkeeping and `except` left out): equal
 * before and after means nothing was written, whatever table a bug would have written to.
 */
export async function databaseDigest(db: Db, except: readonly string[] = []): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
      and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const { rows } = await sql<{ n: string; digest: string | null }>`
      select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as digest
      from ${sql.table(name)} t`.execute(db);
    out[name] = `${rows[0]?.n ?? 0}:${rows[0]?.digest ?? ''}`;
  }
  return out;
}
