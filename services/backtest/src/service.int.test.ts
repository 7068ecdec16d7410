import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { executeBacktest } from '@roottrading/backtest';
import type { BacktestDetail, BacktestRun } from '@roottrading/contracts';
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
import { runEnv } from './run-settings.js';

const SAMPLE = resolve(REPO_ROOT, 'data/sample');
let tdb: TestDatabase;
const workers: RunningService[] = [];
let api: RunningService;

/** Two backtest services on one database and queue: the API of the first, runs taken by both. */
beforeAll(async () => {
  tdb = await createTestDatabase();
  const env = {
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: testNamespace('bt'),
    REPLAY_DIR: SAMPLE,
    SYMBOLS: 'BTC/USDC,BTC/USDT',
    LOG_LEVEL: 'warn',
    BACKTEST_CONCURRENCY: '1',
  };
  for (const name of ['worker-a', 'worker-b']) {
    const port = await freePort();
    workers.push(
      await spawnService('backtest', port, { ...env, BACKTEST_PORT: String(port), BACKTEST_WORKER_NAME: name }),
    );
  }
  api = workers[0]!;
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await tdb?.drop();
});

async function post(body: unknown): Promise<{ status: number; json: { run?: BacktestRun; error?: string } }> {
  const res = await fetch(api.url('/backtests'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { run?: BacktestRun; error?: string } };
}

async function finished(id: string): Promise<BacktestRun> {
  let run: BacktestRun | undefined;
  await waitFor(
    async () => {
      run = ((await (await fetch(api.url(`/backtests/${id}?limit=1`))).json()) as BacktestDetail).run;
      return run.status === 'done' || run.status === 'failed';
    },
    { timeoutMs: 120_000, intervalMs: 250, what: `backtest ${id} to finish` },
  );
  return run!;
}

describe('the backtest service', () => {
  it('queues a run, runs it in a worker thread and stores exactly what pnpm backtest reports', async () => {
    const { status, json } = await post({
      source: 'files',
      label: 'sample week with stops',
      settings: { STOP_LOSS: '2%', TAKE_PROFIT: '3%', TRAILING_STOP: '1.5%', FEE_RATE: '0.00075' },
    });
    expect(status).toBe(202);
    expect(json.run).toMatchObject({ status: 'queued', label: 'sample week with stops' });
    const run = await finished(json.run!.id);
    expect(run).toMatchObject({ status: 'done', error: null, progress: { done: 20_160, total: 20_160 } });
    expect(['worker-a', 'worker-b']).toContain(run.worker);

    // Every page of trades, and the curve, against the same run in this process.
    const settings = (run.request as { settings: Record<string, string> }).settings;
    expect(settings).toMatchObject({ SYMBOLS: 'BTC/USDC,BTC/USDT', FEE_RATE: '0.00075', STOP_LOSS: '2%' });
    const expected = await executeBacktest(runEnv({ REPLAY_DIR: SAMPLE }, settings), { source: 'files', period: {} });
    const trades: BacktestDetail['trades']['items'] = [];
    let detail: BacktestDetail;
    let page = 1;
    do {
      detail = (await (await fetch(api.url(`/backtests/${run.id}?limit=500&page=${page}`))).json()) as BacktestDetail;
      trades.push(...detail.trades.items);
      page++;
    } while (page <= detail.trades.pages);
    expect(detail.trades.total).toBe(expected.trades.length);
    expect(trades).toEqual(expected.trades);
    expect(detail.equity).toEqual(expected.equity);
    expect((detail.report as { summary: unknown }).summary).toEqual(expected.summary);
    expect(run.headline?.map((h) => h.quote)).toEqual(['USDC', 'USDT']);
    expect(run.headline?.[0]?.netProfit).toBe(expected.summary.total[0]!.netProfit);
  });

  it('shares the queue between workers', async () => {
    const ids: string[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      const { json } = await post({
        source: 'synthetic',
        settings: { SYNTHETIC_SEED: String(seed), SYNTHETIC_COUNT: '6000' },
      });
      ids.push(json.run!.id);
    }
    const runs = await Promise.all(ids.map(finished));
    expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['worker-a', 'worker-b']));
    const list = (await (await fetch(api.url('/backtests'))).json()) as { runs: BacktestRun[] };
    expect(list.runs.slice(0, 4).map((r) => r.id)).toEqual([...ids].reverse());
  });

  it('refuses a bad request with what is wrong, and queues nothing', async () => {
    const before = ((await (await fetch(api.url('/backtests'))).json()) as { runs: unknown[] }).runs.length;
    const cases: [unknown, RegExp][] = [
      [{ source: 'tape' }, /source must be database, files or synthetic/],
      [{ symbols: ['BTCUSDC'] }, /symbols\.0 must be a symbol like "BTC\/USDC"/],
      [{ extra: 1 }, /extra/],
      [
        { settings: { DATABASE_URL: 'postgres://elsewhere/db' } },
        /settings DATABASE_URL: not something a backtest can set/,
      ],
      [{ settings: { MARKETS_FILE: '/etc/passwd' } }, /settings MARKETS_FILE: not something/],
      [{ settings: { FEE_RATE: 'lots' } }, /FEE_RATE must be a decimal number/],
      [{ strategies: ['nope'] }, /STRATEGIES names an unknown strategy "nope"/],
      [{ source: 'synthetic' }, /a synthetic backtest needs an end/],
      [{ from: '2023-03-12', to: '2023-03-11' }, /to must be after from/],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await post(body);
      expect({ body, status }).toEqual({ body, status: 400 });
      expect(json.error).toMatch(message);
    }
    const after = ((await (await fetch(api.url('/backtests'))).json()) as { runs: unknown[] }).runs.length;
    expect(after).toBe(before);
    expect((await fetch(api.url('/backtests/00000000-0000-0000-0000-000000000000'))).status).toBe(404);
    expect((await fetch(api.url('/backtests/nope'))).status).toBe(400);
    expect((await fetch(api.url(`/backtests/00000000-0000-0000-0000-000000000000?limit=0`))).status).toBe(400);
  });
});
