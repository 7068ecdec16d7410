import { z } from 'zod';
import { commonEnv, loadDotEnv, parseEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { createDb, ensureDatabase, migrateToLatest } from '../index.js';

loadDotEnv();
const logger = createLogger('migrate');
try {
  const env = parseEnv(z.object({ DATABASE_URL: commonEnv.DATABASE_URL, LOG_LEVEL: commonEnv.LOG_LEVEL }));
  await ensureDatabase(env.DATABASE_URL, logger);
  const db = createDb(env.DATABASE_URL, { max: 1 });
  const result = await migrateToLatest(db);
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
  await db.destroy();
} catch (err) {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'migration failed');
  process.exitCode = 1;
}
