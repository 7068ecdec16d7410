/** What the benchmarks share: symbols, a markets file, a fresh database, the trader's settings. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { commonEnv } from '@roottrading/config';
import { createDb, ensureDatabase, migrateToLatest, type Db } from '@roottrading/db';
import { TEST_PG_ADMIN_URL } from '@roottrading/testing';

/**
 * BUS_SECRET from the shell, handed to every service the benchmark starts and to its own bus: run
 * the benchmark with and without it to see what signing costs. Read and checked like the services do.
 */
export const benchSecret: string | undefined = readSecret();
function readSecret(): string | undefined {
  const parsed = commonEnv.BUS_SECRET.safeParse(process.env.BUS_SECRET);
  if (!parsed.success) throw new Error(`BUS_SECRET ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}
export const secretEnv = (): Record<string, string> => (benchSecret ? { BUS_SECRET: benchSecret } : {});

export const benchSymbols = (m: number): string[] =>
  Array.from({ length: m }, (_, i) => `B${String(i).padStart(3, '0')}/USDC`);

/** A MARKETS_FILE for the symbols: fine ticks, no minimum notional. */
export function marketsFileFor(symbols: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rt-bench-')), 'markets.json');
  writeFileSync(
    file,
    JSON.stringify({
      markets: Object.fromEntries(symbols.map((s) => [s, { tickSize: '0.01', stepSize: '0.00001', minNotional: '0' }])),
    }),
  );
  return file;
}

export async function freshDatabase(label: string): Promise<{ url: string; db: Db }> {
  const u = new URL(TEST_PG_ADMIN_URL);
  u.pathname = `/rt_bench_${label}_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(u.toString());
  const db = createDb(u.toString(), { max: 2 });
  await migrateToLatest(db);
  return { url: u.toString(), db };
}

export async function dropDatabase(url: string): Promise<void> {
  const admin = createDb(TEST_PG_ADMIN_URL, { max: 1 });
  await sql.raw(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`).execute(admin);
  await admin.destroy();
}

/** The paper trader's settings in every benchmark: a deep balance and risk limits off, so every allowed signal fills. */
export const traderBenchEnv = (marketsFile: string): Record<string, string> => ({
  MARKETS_FILE: marketsFile,
  DEMO_BALANCES: 'USDC=1000000000',
  SIGNAL_MAX_AGE: '1h',
  RISK_MAX_OPEN_POSITIONS: '0',
  RISK_MAX_EXPOSURE_PCT: '0',
  DAILY_LOSS_LIMIT_PCT: '0',
  MAX_DRAWDOWN_PCT: '0',
});
