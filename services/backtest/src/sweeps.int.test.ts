import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGrid, walkForward } from '@roottrading/backtest';
import type { BacktestDetail, BacktestSweep } from '@roottrading/contracts';
import {
  createTestDatabase,
  freePort,
  REPO_ROOT,
  spawnService,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type RunningService,
  type TestDatabase,
} from '@roottrading/testing';

let tdb: TestDatabase;
let svc: RunningService;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const port = await freePort();
  svc = await spawnService('backtest', port, {
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: testNamespace('bts'),
    REPLAY_DIR: resolve(REPO_ROOT, 'data/sample'),
    SYMBOLS: 'BTC/USDC',
    LOG_LEVEL: 'warn',
    BACKTEST_PORT: String(port),
    BACKTEST_CONCURRENCY: '2',
  });
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  await tdb?.drop();
});

const post = async (body: unknown) => {
  const res = await fetch(svc.url('/backtests'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { sweep?: { id: string; runs: string[] }; error?: string } };
};

describe('a walk-forward through the backtest service', () => {
  it('runs every combination on each window and judges it exactly as pnpm backtest --walk-forward does', async () => {
    const { status, json } = await post({
      source: 'files',
      strategies: ['RSI_Strategy'],
      grid: 'RSI_WINDOW=10|20',
      walkForward: 2,
      rank: 'net_profit',
    });
    expect(status).toBe(202);
    // 2 combinations × 2 windows × (train, test)
    expect(json.sweep!.runs).toHaveLength(8);
    let sweep: BacktestSweep | undefined;
    await waitFor(
      async () => {
        sweep = (await (await fetch(svc.url(`/sweeps/${json.sweep!.id}`))).json()) as BacktestSweep;
        return sweep.runs.every((r) => r.run.status === 'done');
      },
      { timeoutMs: 180_000, intervalMs: 500, what: 'the walk-forward to finish' },
    );
    // The same experiment in one process, as the CLI runs it.
    const env = { REPLAY_DIR: resolve(REPO_ROOT, 'data/sample'), SYMBOLS: 'BTC/USDC', STRATEGIES: 'RSI_Strategy' };
    const cli = await walkForward(env, { source: 'files', period: {} }, parseGrid('RSI_WINDOW=10|20'), {
      windows: 2,
      threads: 1,
      rank: 'net_profit',
    });
    const iso = (p: { from: number; to: number }) => ({
      from: new Date(p.from).toISOString(),
      to: new Date(p.to).toISOString(),
    });
    expect(sweep!.walkForward).toEqual({
      windows: cli.windows.map((w) => ({ ...w, train: iso(w.train), test: iso(w.test) })),
      combinations: cli.combinations,
    });
    expect(sweep!.walkForward!.windows.every((w) => w.best !== null)).toBe(true);
    const labels = sweep!.runs.map((r) => r.run.label).sort();
    expect(labels[0]).toBe('walk-forward window 1 test RSI_WINDOW=10');
  }, 240_000);

  it('refuses a walk-forward without a grid, or with more windows than the candles allow', async () => {
    const without = await post({ source: 'files', walkForward: 2 });
    expect([without.status, without.json.error]).toEqual([400, expect.stringContaining('walkForward')]);
    const tooMany = await post({
      source: 'files',
      grid: 'RSI_WINDOW=10|20',
      walkForward: 2,
      from: '2023-03-10T00:00:00Z',
      to: '2023-03-10T00:02:00Z',
    });
    expect([tooMany.status, tooMany.json.error]).toEqual([400, expect.stringContaining('too few candles')]);
  });
});

describe('a sweep through the backtest service', () => {
  it('stores one run per combination and ranks them once done', async () => {
    const { status, json } = await post({
      source: 'files',
      strategies: ['RSI_Strategy'],
      grid: 'RSI_WINDOW=10|14|20',
      rank: 'return',
      label: 'rsi windows',
    });
    expect(status).toBe(202);
    expect(json.sweep!.runs).toHaveLength(3);
    let sweep: BacktestSweep | undefined;
    await waitFor(
      async () => {
        sweep = (await (await fetch(svc.url(`/sweeps/${json.sweep!.id}`))).json()) as BacktestSweep;
        return sweep.runs.every((r) => r.run.status === 'done');
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the sweep to finish' },
    );
    expect(sweep!).toMatchObject({ id: json.sweep!.id, rank: 'return', grid: 'RSI_WINDOW=10|14|20' });
    expect(sweep!.runs.map((r) => r.settings.RSI_WINDOW).sort()).toEqual(['10', '14', '20']);
    const scores = sweep!.runs.map((r) => r.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const r of sweep!.runs) {
      expect(r.score).toBe(r.run.headline![0]!.totalReturnPct);
      expect(r.run.label).toBe(`rsi windows RSI_WINDOW=${r.settings.RSI_WINDOW}`);
      const detail = (await (await fetch(svc.url(`/backtests/${r.run.id}?limit=1`))).json()) as BacktestDetail;
      expect((detail.run.request as { settings: Record<string, string> }).settings.RSI_WINDOW).toBe(
        r.settings.RSI_WINDOW,
      );
    }
  });

  it('refuses a bad sweep whole, naming the combination, and queues none of it', async () => {
    const cases: [unknown, RegExp][] = [
      [{ grid: 'RSI_WINDOWS=1|2' }, /grid: RSI_WINDOWS is not a setting a backtest can vary/],
      [{ grid: 'RSI_WINDOW=1|10' }, /combination \{"RSI_WINDOW":"1"\}: RSI_WINDOW must be a whole number from 2/],
      [{ grid: 'RSI_WINDOW=10|20', rank: 'luck' }, /rank must be one of sharpe/],
      [{ grid: 'RSI_WINDOW=2..1000' }, /999 combinations; a sweep through the service runs at most 500/],
      [
        { grid: 'RSI_WINDOW=10|20', settings: { REPLAY_DIR: '/' } },
        /settings REPLAY_DIR: not something a backtest can set/,
      ],
    ];
    const before = ((await (await fetch(svc.url('/backtests'))).json()) as { runs: unknown[] }).runs.length;
    for (const [body, message] of cases) {
      const { status, json } = await post({ source: 'files', ...(body as object) });
      expect({ body, status }).toEqual({ body, status: 400 });
      expect(json.error).toMatch(message);
    }
    expect(((await (await fetch(svc.url('/backtests'))).json()) as { runs: unknown[] }).runs.length).toBe(before);
    expect((await fetch(svc.url('/sweeps/00000000-0000-0000-0000-000000000000'))).status).toBe(404);
  });
});
