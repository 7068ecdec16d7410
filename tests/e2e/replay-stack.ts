import type { Db } from '@roottrading/db';
import {
  freePort,
  MARKET_DATA_DIR,
  spawnService,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type RunningService,
} from '@roottrading/testing';

const countOf = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string }> }) =>
  Number((await q.executeTakeFirstOrThrow()).n);

/**
 * Waits until a max-speed replay has gone all the way through: the gateway has published every
 * candle, the analyzer has handled every one of them (so no more signals can come), and the trader's
 * engine has stepped every analysed candle (each signal then has its order, or was a SELL with
 * nothing left to sell after a stop on the same candle). "Replay done" alone is not enough: the
 * analyzer may still be up to MAX_LAG candles behind the gateway.
 */
export async function waitForReplayToSettle(
  db: Db,
  services: { gateway: RunningService; analyzer: RunningService; trader: RunningService },
  candles: number,
): Promise<{ signals: number }> {
  const health = async (svc: RunningService) =>
    (await (await fetch(svc.url('/health'))).json()) as {
      details: { replay?: { done?: boolean }; candlesProcessed?: number };
    };
  await waitFor(async () => (await health(services.gateway)).details.replay?.done === true, {
    timeoutMs: 600_000,
    intervalMs: 500,
    what: 'the replay to finish',
  });
  await waitFor(async () => (await health(services.analyzer)).details.candlesProcessed === candles, {
    timeoutMs: 300_000,
    intervalMs: 250,
    what: `the analyzer to handle all ${candles} candles`,
  });
  await waitForTraderToStep(services.trader, candles);
  const signals = await countOf(db.selectFrom('signals').select((eb) => eb.fn.countAll<string>().as('n')));
  return { signals };
}

export interface ReplayStack {
  services: { gateway: RunningService; analyzer: RunningService; trader: RunningService; portfolio: RunningService };
  /** The Redis namespace of the run (keys are `${namespace}${key}`). */
  namespace: string;
  /** Kills a service outright (SIGKILL, a crash) and starts it again as it was started: ms until it is healthy. */
  crash(name: ServiceName): Promise<number>;
  stop(): Promise<void>;
}

export type ServiceName = keyof ReplayStack['services'];

/** Waits until the trader's engine has stepped `candles` analysed candles: the replay is all in the account. */
export async function waitForTraderToStep(trader: RunningService, candles: number): Promise<void> {
  await waitFor(
    async () => {
      const health = (await (await fetch(trader.url('/health'))).json()) as { details: { candlesStepped?: number } };
      return health.details.candlesStepped === candles;
    },
    { timeoutMs: 900_000, intervalMs: 500, what: `the trader to step all ${candles} candles` },
  );
}

/**
 * The four services as real processes on one test database and namespace, replaying the real
 * candle files at max speed (or what `env.gateway` says: the synthetic walk). Consumers start first, so the first candle already has an analyzer.
 */
export async function startReplayStack(
  databaseUrl: string,
  symbols: string,
  env: {
    trader?: Record<string, string>;
    analyzer?: Record<string, string>;
    gateway?: Record<string, string>;
    /** A Redis of the test's own (the fault tests restart it); the shared one by default. */
    redisUrl?: string;
    /** For every service (e.g. BUS_SECRET). */
    all?: Record<string, string>;
  } = {},
): Promise<ReplayStack> {
  const ports = {
    gateway: await freePort(),
    analyzer: await freePort(),
    trader: await freePort(),
    portfolio: await freePort(),
  };
  const namespace = testNamespace('e2e');
  const common = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: env.redisUrl ?? TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: symbols,
    INTERVAL: '1m',
    LOG_LEVEL: 'warn',
    TRADING_MODE: 'demo',
    GATEWAY_PORT: String(ports.gateway),
    ANALYZER_PORT: String(ports.analyzer),
    TRADER_PORT: String(ports.trader),
    PORTFOLIO_PORT: String(ports.portfolio),
    ...env.all,
  };
  const services = {} as ReplayStack['services'];
  const envs = {} as Record<ServiceName, Record<string, string>>;
  const start = async (name: ServiceName, extra: Record<string, string> = {}) => {
    envs[name] = { ...common, ...extra };
    services[name] = await spawnService(name, ports[name], envs[name], { timeoutMs: 120_000 });
  };
  const stop = async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
  };
  const crash = async (name: ServiceName) => {
    await services[name].kill();
    const t0 = Date.now();
    services[name] = await spawnService(name, ports[name], envs[name], { timeoutMs: 120_000 });
    return Date.now() - t0;
  };
  try {
    await start('trader', { SIGNAL_MAX_AGE: '1h', ...env.trader });
    await start('portfolio');
    await start('analyzer', env.analyzer);
    await start('gateway', {
      MARKET_SOURCE: 'replay',
      REPLAY_DIR: MARKET_DATA_DIR,
      MARKET_SPEED: 'max',
      ...env.gateway,
    });
    return { services, namespace, crash, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
