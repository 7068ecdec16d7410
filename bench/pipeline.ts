/**
 * `pnpm bench:pipeline [--symbols 100] [--seconds 20] [--rate 1000] [--backlog 200] [--only throughput,backlog,latency]`
 *
 * Runs gateway (synthetic source) → Redis → analyzer (all strategies) → Redis → trader → PostgreSQL
 * as real processes on this machine's Redis and PostgreSQL, in a database and bus namespace of its
 * own, and prints:
 *  1. sustained throughput at MARKET_SPEED=max: candles the analyzer handled per second, and the
 *     signals and orders the trader persisted in the same window;
 *  2. the trader alone draining a backlog of --backlog analysed candles per symbol, each with a signal that fills;
 *  3. latency from candle publish to persisted order (p50, p99) at a fixed candle rate.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Bus } from '@roottrading/bus';
import { KEY, topics } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { createLogger } from '@roottrading/logger';
import { freePort, spawnService, TEST_REDIS_URL, type RunningService } from '@roottrading/testing';
import { cpuMeter } from './cpu.js';
import { traderOnBacklog } from './trader-backlog.js';
import {
  benchSecret,
  benchSymbols,
  dropDatabase,
  freshDatabase,
  marketsFileFor,
  secretEnv,
  traderBenchEnv,
} from './stack.js';

const { values: args } = parseArgs({
  options: {
    symbols: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
    backlog: { type: 'string', default: '200' },
    only: { type: 'string', default: 'throughput,backlog,latency' },
    keep: { type: 'boolean', default: false },
  },
});
const M = Number(args.symbols);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
if (!(M >= 1 && SECONDS >= 1 && RATE >= 1)) throw new Error('--symbols, --seconds and --rate must be positive numbers');

const phases = new Set(args.only.split(','));
const logger = createLogger('bench', 'warn');
const symbols = benchSymbols(M);
const marketsFile = marketsFileFor(symbols);

async function startStack(speed: string, label: string) {
  const { url, db } = await freshDatabase(label);
  const namespace = `bench:${randomBytes(4).toString('hex')}:`;
  const ports = { gateway: await freePort(), analyzer: await freePort(), trader: await freePort() };
  const common = {
    DATABASE_URL: url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: symbols.join(','),
    INTERVAL: '1m',
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(ports.gateway),
    ANALYZER_PORT: String(ports.analyzer),
    TRADER_PORT: String(ports.trader),
    ...secretEnv(),
  };
  const procs: RunningService[] = [];
  procs.push(await spawnService('trader', ports.trader, { ...common, ...traderBenchEnv(marketsFile) }));
  procs.push(await spawnService('analyzer', ports.analyzer, common));
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger, secret: benchSecret });
  return { db, url, bus, namespace, procs, common, ports };
}

async function stopStack(stack: Awaited<ReturnType<typeof startStack>>) {
  await Promise.all(stack.procs.map((p) => p.stop()));
  await stack.bus.close();
  await stack.db.destroy();
  if (!args.keep) await dropDatabase(stack.url);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (db: Db, table: 'signals' | 'orders' | 'trades') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function throughput() {
  const stack = await startStack('max', 'max');
  const progressKey = stack.bus.key(KEY.analyzerProgress);
  stack.procs.push(
    await spawnService('gateway', stack.ports.gateway, {
      ...stack.common,
      MARKET_SOURCE: 'synthetic',
      MARKET_SPEED: 'max',
      ...(process.env.BENCH_MAX_LAG ? { MAX_LAG: process.env.BENCH_MAX_LAG } : {}),
    }),
  );
  await sleep(3_000); // warm-up: indicators fill, JIT settles
  const traderHealth = async () =>
    (await (await fetch(stack.procs[0]!.url('/health'))).json()) as {
      details: { streamLag?: unknown; candlesStepped?: number };
    };
  const c0 = Number((await stack.bus.redis.get(progressKey)) ?? 0);
  const k0 = (await traderHealth()).details.candlesStepped ?? 0;
  const [s0, o0] = [await count(stack.db, 'signals'), await count(stack.db, 'orders')];
  const meter = cpuMeter(Object.fromEntries(stack.procs.map((p) => [p.name, p.child.pid!])));
  const t0 = performance.now();
  await sleep(SECONDS * 1_000);
  const cpu = meter.stop();
  const c1 = Number((await stack.bus.redis.get(progressKey)) ?? 0);
  const trader = await traderHealth();
  const [s1, o1] = [await count(stack.db, 'signals'), await count(stack.db, 'orders')];
  const elapsed = (performance.now() - t0) / 1_000;
  await stopStack(stack);
  return {
    candlesPerSecond: (c1 - c0) / elapsed,
    traderCandlesPerSecond: ((trader.details.candlesStepped ?? 0) - k0) / elapsed,
    signalsPerSecond: (s1 - s0) / elapsed,
    ordersPerSecond: (o1 - o0) / elapsed,
    traderBacklogAtEnd: trader.details.streamLag,
    // CPU ms per 1,000 candles, per service and for the machine (Redis and PostgreSQL included).
    cpuPerThousand: Object.fromEntries(Object.entries(cpu).map(([k, ms]) => [k, (ms * 1_000) / Math.max(1, c1 - c0)])),
  };
}

async function latency() {
  // 1m candles: RATE candles/s over M symbols is RATE/M candles per symbol per second = speed × 1/60.
  const speed = String((RATE / M) * 60);
  const stack = await startStack(speed, 'lat');
  const published = new Map<string, number>();
  for (const s of symbols) {
    await stack.bus.subscribe(topics.marketData(s), (c) => {
      published.set(`${c.symbol}|${c.startTime}`, Date.now());
    });
  }
  const gateway = await spawnService('gateway', stack.ports.gateway, {
    ...stack.common,
    MARKET_SOURCE: 'synthetic',
    MARKET_SPEED: speed,
  });
  stack.procs.push(gateway);
  const from = new Date();
  await sleep(SECONDS * 1_000);
  await gateway.stop();
  await sleep(2_000); // let the last signals reach the trader
  const rows = await stack.db
    .selectFrom('orders')
    .innerJoin('signals', 'signals.id', 'orders.signal_id')
    // updated_at is when the row was written (created_at is the market time the order was placed at).
    .select(['signals.symbol', 'signals.candle_time', 'orders.updated_at', 'orders.status'])
    .where('orders.updated_at', '>=', from)
    .execute();
  const latencies: number[] = [];
  for (const r of rows) {
    const sent = published.get(`${r.symbol}|${r.candle_time.getTime()}`);
    if (sent !== undefined && r.status === 'filled') latencies.push(r.updated_at.getTime() - sent);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const seen = published.size;
  await stopStack(stack);
  return {
    speed,
    candlesSeen: seen,
    candlesPerSecond: seen / SECONDS,
    filledOrders: latencies.length,
    p50: pct(50),
    p99: pct(99),
    max: latencies.at(-1) ?? NaN,
  };
}

console.log(
  `pipeline benchmark: ${M} symbols, ${SECONDS}s windows, latency at ${RATE} candles/s, bus messages ${benchSecret ? 'signed (BUS_SECRET)' : 'unsigned'}`,
);
if (phases.has('throughput')) {
  const tp = await throughput();
  console.log(`\nthroughput at MARKET_SPEED=max`);
  console.log(`  candles/s through the analyzer (3 strategies): ${tp.candlesPerSecond.toFixed(0)}`);
  console.log(`  candles/s stepped and committed by the trader's engine: ${tp.traderCandlesPerSecond.toFixed(0)}`);
  console.log(
    `  signals/s stored: ${tp.signalsPerSecond.toFixed(1)}   orders/s persisted by the trader: ${tp.ordersPerSecond.toFixed(1)}`,
  );
  console.log(`  trader backlog at the end: ${JSON.stringify(tp.traderBacklogAtEnd)}`);
  console.log(
    `  CPU ms per 1,000 candles: ${Object.entries(tp.cpuPerThousand)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join('   ')}`,
  );
}
if (phases.has('backlog')) {
  const bl = await traderOnBacklog({ symbols, perSymbol: Number(args.backlog), marketsFile, logger, keep: args.keep });
  console.log(`\nthe trader alone on a backlog of ${bl.entries} analysed candles, one filling signal each`);
  console.log(
    `  candles/s stepped: ${bl.candlesPerSecond.toFixed(0)}   orders/s persisted: ${bl.ordersPerSecond.toFixed(0)}   orders: ${bl.orders}`,
  );
}
if (phases.has('latency')) {
  const lat = await latency();
  console.log(
    `\nlatency candle publish → persisted filled order at ${lat.candlesPerSecond.toFixed(0)} candles/s (MARKET_SPEED=${lat.speed})`,
  );
  console.log(`  filled orders measured: ${lat.filledOrders}`);
  console.log(`  p50 ${lat.p50.toFixed(1)} ms   p99 ${lat.p99.toFixed(1)} ms   max ${lat.max.toFixed(1)} ms`);
}
process.exit(0);
