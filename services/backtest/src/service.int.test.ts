import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databaseFeed, executeBacktest, fileFeed, syntheticFeed, type CandleFeed } from '@roottrading/backtest';
import {
  backtestStoredReportSchema,
  type BacktestCandles,
  type BacktestDetail,
  type BacktestRun,
  type Candle,
} from '@roottrading/contracts';
import { upsertCandles } from '@roottrading/db';
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
const SYMBOLS = ['BTC/USDC', 'BTC/USDT'];
const MIN = 60_000;
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

async function getJson<T>(path: string): Promise<{ status: number; json: T }> {
  const res = await fetch(api.url(path));
  return { status: res.status, json: (await res.json()) as T };
}

/** Every trade of a run, all pages. */
async function allTrades(id: string): Promise<BacktestDetail['trades']['items']> {
  const trades: BacktestDetail['trades']['items'] = [];
  let detail: BacktestDetail;
  let page = 1;
  do {
    detail = (await getJson<BacktestDetail>(`/backtests/${id}?limit=500&page=${page}`)).json;
    trades.push(...detail.trades.items);
    page++;
  } while (page <= detail.trades.pages);
  return trades;
}

/** One symbol's candles of a feed, in the route's shape. */
async function candlesOf(feed: CandleFeed, symbol: string) {
  const out: BacktestCandles['candles'] = [];
  for await (const batch of feed.batches as AsyncIterable<Candle[]>) {
    for (const { symbol: s, startTime, closeTime, open, high, low, close, volume } of batch)
      if (s === symbol) out.push({ startTime, closeTime, open, high, low, close, volume });
  }
  return out;
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
    const detail = (await getJson<BacktestDetail>(`/backtests/${run.id}?limit=1`)).json;
    expect(detail.trades.total).toBe(expected.trades.length);
    expect(await allTrades(run.id)).toEqual(expected.trades);
    expect(detail.equity).toEqual(expected.equity);
    expect(backtestStoredReportSchema.parse(detail.report)).toEqual(detail.report);
    expect(detail.report!.summary).toEqual(expected.summary);
    // The report is anyone's to read: it never shows where the service's files are on its disk.
    expect(JSON.stringify(detail.report)).not.toContain(SAMPLE);
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
      [{ symbols: ['DOGE/EUR'] }, /no market rules for DOGE\/EUR/],
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

  it('serves the candles each run stepped through (files, the candles table, the synthetic walk), a page at a time, with its trades on them', async () => {
    const day = { from: Date.parse('2023-03-12'), to: Date.parse('2023-03-13') };
    // The same day of the sample in the candles table, for a database run.
    const rows = (await candlesOf(await fileFeed(SAMPLE, SYMBOLS, '1m', MIN, day), 'BTC/USDT')).map((c) => ({
      ...c,
      symbol: 'BTC/USDT',
      interval: '1m',
      open_time: new Date(c.startTime),
      close_time: new Date(c.closeTime),
      source: 'replay',
    }));
    await upsertCandles(
      tdb.db,
      rows.map(({ startTime: _s, closeTime: _c, ...r }) => r),
    );
    const queued = await Promise.all(
      [
        { source: 'files', symbols: SYMBOLS },
        { source: 'database', symbols: ['BTC/USDT'] },
      ].map((r) => post({ ...r, from: '2023-03-12', to: '2023-03-13', settings: { RSI_WINDOW: '4' } })),
    );
    const runs = await Promise.all(queued.map((q) => finished(q.json.run!.id)));
    const expected = [
      await candlesOf(await fileFeed(SAMPLE, ['BTC/USDT'], '1m', MIN, day), 'BTC/USDT'),
      await candlesOf(await databaseFeed(tdb.db, ['BTC/USDT'], '1m', MIN, day), 'BTC/USDT'),
    ];
    for (const [i, run] of runs.entries()) {
      expect(run.status).toBe('done');
      const candles: BacktestCandles['candles'] = [];
      const marked: BacktestCandles['trades'] = [];
      let from: string | null = '2023-03-01';
      while (from !== null) {
        const { status, json }: { status: number; json: BacktestCandles } = await getJson<BacktestCandles>(
          `/backtests/${run.id}/candles?symbol=BTCUSDT&limit=500&from=${from}`,
        );
        expect(status).toBe(200);
        expect(json).toMatchObject({ symbol: 'BTC/USDT', interval: '1m' });
        candles.push(...json.candles);
        // Each page's trades are those made while its candles were open.
        for (const t of json.trades) {
          const at = Date.parse(t.time);
          expect(at >= json.candles[0]!.startTime && at <= json.candles.at(-1)!.closeTime).toBe(true);
        }
        marked.push(...json.trades);
        from = json.next;
      }
      expect(candles).toHaveLength(1440);
      expect(candles).toEqual(expected[i]);
      const trades = (await allTrades(run.id)).filter((t) => t.symbol === 'BTC/USDT');
      expect(trades.length).toBeGreaterThan(0);
      expect(marked).toEqual(trades);
    }

    // The walk starts where the run's did: a page from later on is the same walk, not one started there.
    const walk = await post({
      source: 'synthetic',
      from: '2024-01-01',
      settings: { SYNTHETIC_SEED: '7', SYNTHETIC_COUNT: '3000' },
    });
    const synthetic = await finished(walk.json.run!.id);
    const page = (
      await getJson<BacktestCandles>(
        `/backtests/${synthetic.id}/candles?symbol=${encodeURIComponent('BTC/USDC')}&from=2024-01-01T20:00:00Z&limit=100`,
      )
    ).json;
    const settings = (synthetic.request as { settings: Record<string, string> }).settings;
    const all = await candlesOf(
      syntheticFeed(runEnv({}, settings), SYMBOLS, '1m', MIN, { from: Date.parse('2024-01-01') }),
      'BTC/USDC',
    );
    expect(page.candles).toEqual(all.slice(20 * 60, 20 * 60 + 100));
    expect(page.next).toBe('2024-01-01T21:40:00.000Z');

    const id = runs[0]!.id;
    const cases: [string, number, RegExp][] = [
      [`/backtests/${id}/candles`, 400, /symbol is required/],
      [
        `/backtests/${id}/candles?symbol=ETH/USDC`,
        400,
        /"ETH\/USDC" is not one of the run's symbols \(BTC\/USDC, BTC\/USDT\)/,
      ],
      [`/backtests/${id}/candles?symbol=BTCUSDC&from=yesterday`, 400, /from must be an ISO date/],
      [`/backtests/${id}/candles?symbol=BTCUSDC&limit=5001`, 400, /limit must be a whole number from 1 to 5000/],
      [`/backtests/${id}/candles?symbol=BTCUSDC&extra=1`, 400, /extra/],
      ['/backtests/00000000-0000-0000-0000-000000000000/candles?symbol=BTCUSDC', 404, /no backtest run/],
      ['/backtests/nope/candles?symbol=BTCUSDC', 400, /invalid run id/],
    ];
    for (const [path, status, message] of cases) {
      const answer = await getJson<{ error: string }>(path);
      expect({ path, status: answer.status }).toEqual({ path, status });
      expect(answer.json.error).toMatch(message);
    }
  });
});
