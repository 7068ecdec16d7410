import { afterAll, describe, expect, it } from '@jest/globals';
import { executeBacktest } from '@roottrading/backtest';
import type { BacktestDetail, BacktestRun } from '@roottrading/contracts';
import {
  createTestDatabase,
  freePort,
  spawnService,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type RunningService,
  type TestDatabase,
} from '@roottrading/testing';
import { runEnv } from './run-settings.js';

const started: RunningService[] = [];
let tdb: TestDatabase;

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await tdb?.drop();
});

describe('a worker killed mid-run', () => {
  it('loses the run to another worker, which computes it again from the start: rows replaced, never doubled', async () => {
    tdb = await createTestDatabase();
    const env = {
      DATABASE_URL: tdb.url,
      REDIS_URL: TEST_REDIS_URL,
      BUS_NAMESPACE: testNamespace('btc'),
      SYMBOLS: 'BTC/USDC,BTC/USDT',
      LOG_LEVEL: 'warn',
      // Locks renewed every second; a dead worker's run is free two seconds after.
      BACKTEST_LOCK_MS: '2000',
    };
    const start = async (name: string, concurrency: string) => {
      const port = await freePort();
      const svc = await spawnService('backtest', port, {
        ...env,
        BACKTEST_PORT: String(port),
        BACKTEST_WORKER_NAME: name,
        BACKTEST_CONCURRENCY: concurrency,
      });
      started.push(svc);
      return svc;
    };
    const api = await start('api', '0');
    const doomed = await start('doomed', '1');
    const res = await fetch(api.url('/backtests'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'synthetic', settings: { SYNTHETIC_COUNT: '150000', SYNTHETIC_SEED: '9' } }),
    });
    const { run } = (await res.json()) as { run: BacktestRun };
    const read = async () =>
      ((await (await fetch(api.url(`/backtests/${run.id}?limit=1`))).json()) as BacktestDetail).run;
    await waitFor(
      async () => {
        const r = await read();
        return r.status === 'running' && r.worker === 'doomed' && r.progress.done > 0;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the doomed worker to be mid-run' },
    );
    await doomed.kill();

    await start('rescuer', '1');
    let done: BacktestRun | undefined;
    await waitFor(
      async () => {
        done = await read();
        return done.status === 'done' || done.status === 'failed';
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the rescuer to finish the run' },
    );
    expect(done).toMatchObject({ status: 'done', worker: 'rescuer', error: null, progress: { done: 300_000 } });

    // Read before the in-process backtest: it holds this process's event loop for seconds, long
    // enough for the service to close the idle keep-alive socket a later fetch would reuse.
    const detail = (await (await fetch(api.url(`/backtests/${run.id}?limit=1000`))).json()) as BacktestDetail;
    const settings = (done!.request as { settings: Record<string, string> }).settings;
    const expected = await executeBacktest(runEnv({}, settings), { source: 'synthetic', period: {} });
    expect(detail.trades.total).toBe(expected.trades.length);
    expect(detail.trades.items).toEqual(expected.trades.slice(0, 1000));
    expect(detail.equity).toEqual(expected.equity);
  }, 240_000);
});
