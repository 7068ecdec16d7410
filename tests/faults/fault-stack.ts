import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDb, migrateToLatest, type Db } from '@roottrading/db';
import { MARKET_DATA_DIR, startScratchPostgres, startScratchRedis, type ScratchServer } from '@roottrading/testing';

/** The pairs the fault runs replay, and the first two days of each (the issue keeps CI short). */
export const FAULT_SYMBOLS = 'BTC/USDC,BTC/USDT';
export const SLICE_MINUTES = 2 * 24 * 60;
export const SLICE_CANDLES = 2 * SLICE_MINUTES;

/** A directory holding the first `minutes` candles of the shared BTC/USDC and BTC/USDT files, same names. */
export function sliceMarketData(minutes = SLICE_MINUTES): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rt-slice-'));
  for (const file of readdirSync(MARKET_DATA_DIR)) {
    if (!/BTCUSD[CT]_1m/.test(file)) continue;
    const lines = readFileSync(join(MARKET_DATA_DIR, file), 'utf8').split('\n');
    writeFileSync(join(dir, file), lines.slice(0, minutes + 1).join('\n') + '\n');
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FaultServers {
  postgres: ScratchServer;
  redis: ScratchServer;
  /** A new, migrated database on the test's PostgreSQL: each fault run starts from an empty account. */
  freshDatabase(name: string): Promise<{ url: string; db: Db }>;
  destroy(): Promise<void>;
}

/** PostgreSQL (migrated) and Redis of the test's own, which the faults stop and restart. */
export async function startFaultServers(): Promise<FaultServers> {
  const postgres = await startScratchPostgres();
  const redis = await startScratchRedis();
  const admin = createDb(postgres.url, { max: 1 });
  const opened: Db[] = [];
  return {
    postgres,
    redis,
    freshDatabase: async (name) => {
      await sql.raw(`create database ${name}`).execute(admin);
      const url = postgres.url.replace(/\/rt$/, `/${name}`);
      const db = createDb(url, { max: 2 });
      opened.push(db);
      await migrateToLatest(db);
      return { url, db };
    },
    destroy: async () => {
      for (const db of [...opened, admin]) await db.destroy().catch(() => undefined);
      await redis.destroy();
      await postgres.destroy();
    },
  };
}
