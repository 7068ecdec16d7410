/** Test-only helpers: an in-process gateway on its own database and namespace, and a stand-in analyzer. */
import { Bus } from '@roottrading/bus';
import { parseEnv } from '@roottrading/config';
import { healthSchema, KEY, topics, type Candle, type Health } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  silentLevel,
  testNamespace,
  TEST_REDIS_URL,
  type TestDatabase,
} from '@roottrading/testing';
import { gatewayEnvSchema } from './config.js';
import { startGateway, type GatewayService } from './service.js';

export const logger = createLogger('gateway', silentLevel);

export interface TestGateway {
  svc: GatewayService;
  tdb: TestDatabase;
  namespace: string;
  health(): Promise<{ status: number; body: Health }>;
  /** Stops the gateway and drops its database. */
  close(): Promise<void>;
}

/** The env every test gateway shares: port 0, its own namespace and database. */
export function testEnv(namespace: string, databaseUrl: string, env: Record<string, string>): Record<string, string> {
  return {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: databaseUrl,
    BUS_NAMESPACE: namespace,
    GATEWAY_PORT: '0',
    CANDLE_FLUSH_MS: '50',
    ...env,
  };
}

export async function startTestGateway(
  env: Record<string, string>,
  namespace = testNamespace('gateway'),
): Promise<TestGateway> {
  const tdb = await createTestDatabase();
  let svc: GatewayService;
  try {
    svc = await startGateway(parseEnv(gatewayEnvSchema, testEnv(namespace, tdb.url, env)), { logger });
  } catch (err) {
    await tdb.drop();
    throw err;
  }
  return {
    svc,
    tdb,
    namespace,
    health: async () => {
      const res = await fetch(`http://127.0.0.1:${svc.port}/health`);
      return { status: res.status, body: healthSchema.parse(await res.json()) };
    },
    close: async () => {
      await svc.stop();
      await tdb.drop();
    },
  };
}

/**
 * Plays the analyzer's part: subscribes to the symbols' market channels and, after handling each
 * candle (optionally slowly), INCRBYs the progress counter the gateway paces on.
 */
export class AnalyzerDouble {
  readonly received: Candle[] = [];
  readonly bus: Bus;

  constructor(
    namespace: string,
    private readonly handleMs = 0,
  ) {
    this.bus = new Bus({ url: TEST_REDIS_URL, namespace, logger });
  }

  async subscribe(symbols: readonly string[]): Promise<void> {
    const key = this.bus.key(KEY.analyzerProgress);
    for (const symbol of symbols) {
      await this.bus.subscribe(topics.marketData(symbol), async (candle) => {
        if (this.handleMs > 0) await new Promise((r) => setTimeout(r, this.handleMs));
        this.received.push(candle);
        // Not awaited: ioredis pipelines the increments, as a busy analyzer would batch them.
        void this.bus.redis.incrby(key, 1);
      });
    }
  }

  of(symbol: string): Candle[] {
    return this.received.filter((c) => c.symbol === symbol);
  }

  async close(): Promise<void> {
    await this.bus.drain();
    await this.bus.redis.del(this.bus.key(KEY.analyzerProgress));
    await this.bus.close();
  }
}
