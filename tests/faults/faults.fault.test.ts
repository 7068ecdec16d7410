/**
 * The fault suite (`pnpm test:faults`): the first two days of the shared BTC/USDC and BTC/USDT
 * files replayed at max speed through the four services on a PostgreSQL and a Redis of the test's
 * own, with one kind of fault per run at points drawn from a printed seed (FAULT_SEED=n replays
 * them). After each run the services must have recorded exactly what `pnpm backtest` gives on the
 * same candles with the same settings (the engine issue's "same results"), no order twice, and every
 * service must be healthy again by itself. Recovery times are printed for docs/benchmarks.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it as base } from '@jest/globals';
import { mulberry32 } from '@roottrading/market-data';
import { startReplayStack, type ReplayStack, type ServiceName } from '../e2e/replay-stack.js';
import { backtestRecords, recordsOf, type RunRecords } from '../e2e/run-records.js';
import { allHealthy, doubledOrders, reach, waitForTraderToFinish } from './fault-checks.js';
import {
  FAULT_SYMBOLS,
  SLICE_CANDLES,
  SLICE_MINUTES,
  sliceMarketData,
  startFaultServers,
  type FaultServers,
} from './fault-stack.js';

const TRADER = { DEMO_BALANCES: 'USDC=10000,USDT=10000', FEE_RATE: '0.001', SLIPPAGE: '0.0005' };
const ANALYZER = { STOP_LOSS: '2%', TAKE_PROFIT: '3%', TRAILING_STOP: '1.5%' };
const SETTINGS = { ...TRADER, ...ANALYZER, SYMBOLS: FAULT_SYMBOLS, INTERVAL: '1m', SIGNAL_MAX_AGE: '1h' };
const LAST_OPEN = new Date(Date.parse('2023-03-01T00:00:00Z') + (SLICE_MINUTES - 1) * 60_000);
/** How long PostgreSQL and Redis stay down: long enough that every service notices. */
const OUTAGE_MS = 3_000;

const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
process.stdout.write(`fault suite: FAULT_SEED=${seed}\n`);

/**
 * `count` points, in candles stored, between 10 % and 90 % of the replay, in order. Each kind of
 * fault draws from its own sequence, so one of them can be replayed alone with the same seed.
 */
function faultPoints(kind: string, count: number): number[] {
  const random = mulberry32(seed + [...kind].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0));
  return Array.from({ length: count }, () => Math.floor(SLICE_CANDLES * (0.1 + 0.8 * random()))).sort((a, b) => a - b);
}

let servers: FaultServers;
let slice: ReturnType<typeof sliceMarketData>;
let reference: RunRecords;
const recoveries: string[] = [];
let runs = 0;

beforeAll(async () => {
  servers = await startFaultServers();
  slice = sliceMarketData();
  reference = await backtestRecords(['--data', slice.dir], SETTINGS);
}, 120_000);

afterAll(async () => {
  await servers?.destroy();
  slice?.remove();
  if (recoveries.length) process.stdout.write(`fault suite (FAULT_SEED=${seed}) recovery:\n${recoveries.join('\n')}\n`);
});

/** One replay into a fresh database with `inject` run during it; then the checks every fault must pass. */
async function faultRun(inject: (stack: ReplayStack, db: FaultDb) => Promise<void>): Promise<void> {
  const { url, db } = await servers.freshDatabase(`rt_fault_${++runs}`);
  const stack = await startReplayStack(url, FAULT_SYMBOLS, {
    redisUrl: servers.redis.url,
    trader: TRADER,
    analyzer: ANALYZER,
    gateway: { REPLAY_DIR: slice.dir },
  });
  try {
    await inject(stack, db);
    await waitForTraderToFinish(db, 2, LAST_OPEN);
    await allHealthy(stack);
    expect(await doubledOrders(db)).toBe(0);
    // The analyzer's count comes from the tables: every stored candle is analysed.
    const analyzer = (await (await fetch(stack.services.analyzer.url('/health'))).json()) as {
      details: { candlesUnanalysed: Record<string, number> };
    };
    expect(analyzer.details.candlesUnanalysed).toEqual({ 'BTC/USDC': 0, 'BTC/USDT': 0 });
    // And the trader's, from the tables too: every stored signal got its order.
    const trader = (await (await fetch(stack.services.trader.url('/health'))).json()) as {
      details: { signals: Record<string, { pending: number; unordered: number }> };
    };
    const none = { pending: 0, unordered: 0 };
    expect(trader.details.signals).toEqual({ 'BTC/USDC': none, 'BTC/USDT': none });
    const records = await recordsOf(db);
    if (process.env.FAULT_DEBUG) {
      // What went wrong, by signal: the trades the clean run has and this one lacks, and the reverse.
      const key = (t: Record<string, unknown>) =>
        `${t.signalId} ${t.side} ${t.exitReason} ${new Date(t.time as number).toISOString()}`;
      const got = new Set(records.trades.map(key));
      const want = new Set(reference.trades.map(key));
      const missing = reference.trades.map(key).filter((k) => !got.has(k));
      const extra = records.trades.map(key).filter((k) => !want.has(k));
      process.stdout.write(`missing trades:\n${missing.join('\n')}\nextra trades:\n${extra.join('\n')}\n`);
    }
    expect(records.trades.length).toBeGreaterThan(20);
    expect(records.orders).toEqual(reference.orders);
    expect(records.trades).toEqual(reference.trades);
    expect(records.closed).toEqual(reference.closed);
  } finally {
    await stack.stop();
    // FAULT_LOGS=DIR keeps each run's service logs (warnings and errors) for the one who debugs it.
    if (process.env.FAULT_LOGS) {
      mkdirSync(process.env.FAULT_LOGS, { recursive: true });
      for (const svc of Object.values(stack.services))
        writeFileSync(join(process.env.FAULT_LOGS, `run${runs}-${svc.name}.log`), svc.output.join('\n'));
    }
  }
}
type FaultDb = Awaited<ReturnType<FaultServers['freshDatabase']>>['db'];

async function crashes(name: ServiceName, count: number): Promise<void> {
  await faultRun(async (stack, db) => {
    for (const point of faultPoints(name, count)) {
      await reach(db, point);
      const ms = await stack.crash(name);
      recoveries.push(`- kill -9 ${name} at ${point} candles: healthy again in ${ms} ms`);
    }
  });
}

async function outage(server: 'postgres' | 'redis'): Promise<void> {
  await faultRun(async (stack, db) => {
    const [point] = faultPoints(server, 1);
    await reach(db, point!);
    await servers[server].stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await servers[server].start();
    const ms = await allHealthy(stack);
    const what = server === 'redis' ? 'Redis restarted without its data' : 'PostgreSQL restarted';
    recoveries.push(
      `- ${what} at ${point} candles (${OUTAGE_MS} ms down): every service healthy ${ms} ms after it was back`,
    );
  });
}

describe('the stack under faults gives the results of a clean run', () => {
  const only = process.env.FAULT_ONLY;
  const it = (name: string, fn: () => Promise<void>, ms: number) =>
    (only && !name.includes(only) ? base.skip : base)(name, fn, ms);
  it('trader killed (kill -9) three times', () => crashes('trader', 3), 600_000);
  it('analyzer killed twice', () => crashes('analyzer', 2), 600_000);
  it('gateway killed', () => crashes('gateway', 1), 600_000);
  it('PostgreSQL restarted under load', () => outage('postgres'), 600_000);
  it('Redis restarted without its data', () => outage('redis'), 600_000);
});
