import { afterAll, beforeAll } from '@jest/globals';
import { Bus } from '@roottrading/bus';
import { createLogger } from '@roottrading/logger';
import {
  TEST_REDIS_URL,
  createTestDatabase,
  silentLevel,
  testNamespace,
  type TestDatabase,
} from '@roottrading/testing';
import { parseAnalyzerConfig } from '../config.js';
import { startAnalyzer, type AnalyzerService } from '../service.js';

export interface AnalyzerUnderTest {
  tdb: TestDatabase;
  /** The gateway's and the trader's side of the bus, in the analyzer's namespace. */
  bus: Bus;
  svc: AnalyzerService;
}

/**
 * One test file's analyzer, started before its tests on its own database and namespace with
 * `env` over the connection settings, and closed after them. `ready` is handed the pieces.
 */
export function useAnalyzer(label: string, env: Record<string, string>, ready: (a: AnalyzerUnderTest) => void): void {
  const logger = createLogger('analyzer', silentLevel);
  let a: Partial<AnalyzerUnderTest> = {};
  beforeAll(async () => {
    const tdb = await createTestDatabase();
    a.tdb = tdb;
    const namespace = testNamespace(label);
    a.bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
    const full = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url,
      BUS_NAMESPACE: namespace,
      ANALYZER_PORT: '0',
      ...env,
    };
    a.svc = await startAnalyzer(parseAnalyzerConfig(full), { logger, env: full });
    ready(a as AnalyzerUnderTest);
  });
  afterAll(async () => {
    await a.svc?.stop();
    await a.bus?.close();
    await a.tdb?.drop();
    a = {};
  });
}
