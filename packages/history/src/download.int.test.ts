import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upsertCandles } from '@roottrading/db';
import { BinanceMarketDouble, type DoubleCandle } from '@roottrading/exchange-double';
import { loadReplayFiles } from '@roottrading/market-data';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';
import { downloadCommand, type DownloadDeps } from './command.js';
import { createExchange } from './exchange.js';
import { iso } from './ranges.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const SYMBOLS = ['BTC/USDC', 'ETH/USDC', 'BTC/USDT', 'SOL/USDC', 'ETH/BTC'];

/** Candle i: exact decimals the way binance writes them, a volume small enough to print as 1e-7 in JS. */
const candle = (i: number, patch: Partial<DoubleCandle> = {}): DoubleCandle => ({
  t: T0 + i * MIN,
  o: `${30000 + i}.25`,
  h: `${30010 + i}.5`,
  l: `${29990 + i}`,
  c: `${30001 + i}.75`,
  v: i % 2 ? '0.0000001' : '12.345',
  ...patch,
});
const range = (from: number, to: number, skip: number[] = []) =>
  Array.from({ length: to - from }, (_, k) => from + k).filter((i) => !skip.includes(i));

let tdb: TestDatabase;
let double: BinanceMarketDouble;

beforeAll(async () => {
  tdb = await createTestDatabase();
  double = await BinanceMarketDouble.start({ symbols: SYMBOLS, interval: '1m', intervalMs: MIN });
});
afterAll(async () => {
  await double?.close();
  await tdb?.drop();
});

/** ccxt's binance, as the command makes it, with every REST family pointed at the double. */
const deps = (more: DownloadDeps = {}): DownloadDeps => ({
  createExchange: (id) => {
    const exchange = createExchange(id);
    exchange.urls = { ...exchange.urls, api: { ...(exchange.urls.api as object), ...double.ccxtUrls().api } };
    return exchange;
  },
  pageSize: 100,
  now: () => Date.UTC(2024, 5, 1),
  ...more,
});

async function download(args: string[], more?: DownloadDeps): Promise<string[]> {
  const lines: string[] = [];
  await downloadCommand(args, { DATABASE_URL: tdb.url }, { out: (t) => lines.push(t.trimEnd()) }, deps(more));
  return lines;
}
const args = (symbols: string, from: number, to?: number, ...more: string[]) => [
  ...['--exchange', 'binance', '--symbols', symbols, '--interval', '1m', '--from', iso(from)],
  ...(to === undefined ? [] : ['--to', iso(to)]),
  ...more,
];
const stored = (symbol: string) =>
  tdb.db
    .selectFrom('candles')
    .selectAll()
    .where('symbol', '=', symbol)
    .where('interval', '=', '1m')
    .orderBy('open_time')
    .execute();
const minutes = (rows: { open_time: Date }[]) => rows.map((r) => (r.open_time.getTime() - T0) / MIN);
/** The klines requests since `n` of them had been made, as [symbol, startTime minute]. */
const klinesSince = (n: number) =>
  double
    .klinesRequests()
    .slice(n)
    .map((q) => [q.get('symbol'), (Number(q.get('startTime')) - T0) / MIN]);

describe('pnpm data:download against a local binance', () => {
  it('downloads over several pages into the table exactly once; a second run fetches and writes nothing', async () => {
    for (const s of ['BTC/USDC', 'ETH/USDC'])
      double.history(
        s,
        range(0, 350).map((i) => candle(i)),
      );
    const asked = double.klinesRequests().length;
    const lines = await download(args('BTC/USDC,ETH/USDC', T0, T0 + 350 * MIN));
    expect(lines).toEqual([
      'BTC/USDC 1m: 350 written, 2024-01-01T00:00:00Z to 2024-01-01T05:49:00Z; gaps: none',
      'ETH/USDC 1m: 350 written, 2024-01-01T00:00:00Z to 2024-01-01T05:49:00Z; gaps: none',
    ]);
    // Pages of 100, oldest first, each starting after the last candle of the one before.
    expect(klinesSince(asked).filter(([s]) => s === 'BTCUSDC')).toEqual([0, 100, 200, 300].map((m) => ['BTCUSDC', m]));
    const rows = await stored('BTC/USDC');
    expect(minutes(rows)).toEqual(range(0, 350));
    expect(rows[1]).toMatchObject({ close_time: new Date(T0 + 2 * MIN - 1), source: 'ccxt:binance' });
    expect(Number(rows[1]!.volume)).toBe(1e-7);
    expect(String(rows[1]!.open)).toMatch(/^30001\.250*$/);

    const again = double.klinesRequests().length;
    expect(await download(args('BTC/USDC,ETH/USDC', T0, T0 + 350 * MIN))).toEqual([
      'BTC/USDC 1m: nothing new (the table holds it all); gaps: none',
      'ETH/USDC 1m: nothing new (the table holds it all); gaps: none',
    ]);
    expect(klinesSince(again)).toEqual([]);
    expect(await stored('BTC/USDC')).toHaveLength(350);
  });

  it('after more candles appear, fetches and writes only those, never the candle still forming', async () => {
    // Up to minute 400, which is still forming at 00:06:40:30.
    double.history(
      'BTC/USDC',
      range(350, 401).map((i) => candle(i)),
    );
    const asked = double.klinesRequests().length;
    const lines = await download(args('BTC/USDC', T0), { now: () => T0 + 400 * MIN + 30_000 });
    expect(lines).toEqual(['BTC/USDC 1m: 50 written, 2024-01-01T05:50:00Z to 2024-01-01T06:39:00Z; gaps: none']);
    expect(klinesSince(asked)).toEqual([['BTCUSDC', 350]]);
    expect(minutes(await stored('BTC/USDC'))).toEqual(range(0, 400));
  });

  it('reports the gaps the exchange leaves without filling them, again on a second run', async () => {
    double.history(
      'ETH/BTC',
      range(0, 300, [100, 101, 102, 250]).map((i) => candle(i)),
    );
    const expected = 'gaps: 2 (4 candles missing): 2024-01-01T01:40:00Z–2024-01-01T01:42:00Z, 2024-01-01T04:10:00Z';
    const lines = await download(args('ETH/BTC', T0, T0 + 300 * MIN));
    expect(lines).toEqual([`ETH/BTC 1m: 296 written, 2024-01-01T00:00:00Z to 2024-01-01T04:59:00Z; ${expected}`]);
    expect(minutes(await stored('ETH/BTC'))).toEqual(range(0, 300, [100, 101, 102, 250]));

    // What the table lacks is asked for again (the exchange may have it now), one request a gap.
    const asked = double.klinesRequests().length;
    const again = await download(args('ETH/BTC', T0, T0 + 300 * MIN));
    expect(again).toEqual([`ETH/BTC 1m: nothing new (the table holds it all); ${expected}`]);
    expect(klinesSince(asked)).toEqual([
      ['ETHBTC', 100],
      ['ETHBTC', 250],
    ]);
    expect(await stored('ETH/BTC')).toHaveLength(296);
  });

  it('fetches the history before candles stored later in the range (a gateway running live)', async () => {
    double.history(
      'BTC/USDT',
      range(0, 250).map((i) => candle(i)),
    );
    const live = range(200, 210).map((i) => ({
      symbol: 'BTC/USDT',
      interval: '1m',
      open_time: new Date(T0 + i * MIN),
      close_time: new Date(T0 + (i + 1) * MIN - 1),
      ...{ open: '1', high: '1', low: '1', close: '1', volume: '1', source: 'ccxt:binance' },
    }));
    await upsertCandles(tdb.db, live);
    const lines = await download(args('BTC/USDT', T0, T0 + 250 * MIN));
    expect(lines).toEqual(['BTC/USDT 1m: 240 written, 2024-01-01T00:00:00Z to 2024-01-01T04:09:00Z; gaps: none']);
    const rows = await stored('BTC/USDT');
    expect(minutes(rows)).toEqual(range(0, 250));
    // The stored candles were not fetched again, so not overwritten.
    expect(rows[205]!.close).toMatch(/^1(\.0*)?$/);
  });

  it('refuses a forged row with a clear error and writes nothing of its page', async () => {
    double.history(
      'SOL/USDC',
      range(0, 300).map((i) => candle(i, i === 150 ? { h: '100' } : {})),
    );
    await expect(download(args('SOL/USDC', T0, T0 + 300 * MIN))).rejects.toThrow(
      'SOL/USDC 1m candle 2024-01-01T02:30:00Z: high 100 is below the open 30150.25 ' +
        '(from binance; nothing of its page from 2024-01-01T01:40:00Z was written)',
    );
    expect(minutes(await stored('SOL/USDC'))).toEqual(range(0, 100));
  });

  it('asks again after a network failure or a rate limit, and gives up after five attempts', async () => {
    double.history(
      'BTC/USDT',
      range(250, 450).map((i) => candle(i)),
    );
    double.failRequests('/api/v3/klines', [429, 503]);
    const lines = await download(args('BTC/USDT', T0, T0 + 350 * MIN), { retryDelayMs: 5 });
    expect(lines).toEqual(['BTC/USDT 1m: 100 written, 2024-01-01T04:10:00Z to 2024-01-01T05:49:00Z; gaps: none']);

    double.failRequests('/api/v3/klines', [503, 503, 503, 503, 503]);
    await expect(download(args('BTC/USDT', T0, T0 + 450 * MIN), { retryDelayMs: 5 })).rejects.toThrow(
      /^fetching binance BTC\/USDT 1m candles from 2024-01-01T05:50:00Z \(5 attempts\): /,
    );
    expect(minutes(await stored('BTC/USDT'))).toEqual(range(0, 350));
  });

  it('--out writes one CSV per symbol that the replay source reads back, exact decimals', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rt-dl-')), 'files');
    const lines = await download(args('BTC/USDC,ETH/BTC', T0, T0 + 300 * MIN, '--out', dir));
    expect(lines).toEqual([
      'BTC/USDC 1m: nothing new (the table holds it all); gaps: none',
      `BTC/USDC 1m: 300 candles in ${join(dir, 'binance_BTCUSDC_1m.csv')}`,
      expect.stringMatching(/^ETH\/BTC 1m: nothing new .*gaps: 2 /),
      `ETH/BTC 1m: 296 candles in ${join(dir, 'binance_ETHBTC_1m.csv')}`,
    ]);
    expect(readdirSync(dir).sort()).toEqual(['binance_BTCUSDC_1m.csv', 'binance_ETHBTC_1m.csv']);
    const text = readFileSync(join(dir, 'binance_BTCUSDC_1m.csv'), 'utf8').split('\n');
    expect(text.slice(0, 3)).toEqual([
      'open_time,open,high,low,close,volume',
      `${T0},30000.25,30010.5,29990,30001.75,12.345`,
      `${T0 + MIN},30001.25,30011.5,29991,30002.75,0.0000001`,
    ]);
    const files = await loadReplayFiles(dir, ['BTC/USDC', 'ETH/BTC'], '1m', MIN);
    const [btc, eth] = files.series;
    expect(btc!.candles).toHaveLength(300);
    expect(btc!.candles[299]).toEqual({
      startTime: T0 + 299 * MIN,
      open: '30299.25',
      high: '30309.5',
      low: '30289',
      close: '30300.75',
      volume: '0.0000001',
    });
    expect(eth!.candles.map((c) => (c.startTime - T0) / MIN)).toEqual(range(0, 300, [100, 101, 102, 250]));

    // A second file for the symbol would stop the replay source: the command says so.
    writeFileSync(join(dir, 'binance_BTCUSDC_5m.csv'), 'open_time,open,high,low,close,volume\n');
    const warned = await download(args('BTC/USDC', T0, T0 + 300 * MIN, '--out', dir));
    expect(warned[1]).toMatch(/\n {2}warning: REPLAY_DIR .* has 2 candle files for BTC\/USDC/);
  });
});

describe('pnpm data:download with bad arguments', () => {
  const cases: [string, string[], string | RegExp][] = [
    ['an unknown exchange', ['--exchange', 'nowhere'], '--exchange "nowhere" is not an exchange ccxt knows'],
    ['a malformed symbol', ['--symbols', 'BTC'], '--symbols must be a comma-separated list like BTC/USDC,ETH/USDC'],
    [
      'a symbol the exchange lacks',
      ['--symbols', 'BTC/USDC,DOGE/USDC'],
      '--symbols: binance has no spot market DOGE/USDC',
    ],
    ['a malformed interval', ['--interval', '1x'], '--interval must be an interval like 1m, 5m, 1h or 1d (got "1x")'],
    [
      'an interval the exchange lacks',
      ['--interval', '7m'],
      /^--interval 7m is not a timeframe binance offers \(1s, 1m/,
    ],
    ['--to before --from', ['--to', '2023-12-31'], '--to must be after --from'],
    [
      'a bad date',
      ['--from', '2024-13-45'],
      /^--from: time "2024-13-45" is neither epoch milliseconds nor an ISO 8601 time/,
    ],
    [
      '--from in the future',
      ['--from', '2030-01-01'],
      'nothing to download: --from 2030-01-01T00:00:00Z is not before',
    ],
    ['a missing option', ['--interval', ''], '--interval is required'],
    ['an unknown option', ['--since', '2024-01-01'], "Unknown option '--since'"],
  ];

  it.each(cases)('%s: one line naming it, nothing fetched or written', async (_, change, message) => {
    const base = ['--exchange', 'binance', '--symbols', 'BTC/USDC', '--interval', '1m', '--from', '2024-01-01'];
    const argv = [...base];
    for (let i = 0; i < change.length; i += 2) {
      const at = argv.indexOf(change[i]!);
      if (at < 0) argv.push(change[i]!, change[i + 1]!);
      else argv[at + 1] = change[i + 1]!;
    }
    const before = await tdb.db
      .selectFrom('candles')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const asked = double.klinesRequests().length;
    const failure = download(argv);
    await expect(failure).rejects.toMatchObject({ name: 'DownloadArgsError' });
    await expect(failure).rejects.toThrow(message);
    expect((await failure.catch((e: Error) => e.message)).includes('\n')).toBe(false);
    expect(double.klinesRequests()).toHaveLength(asked);
    const after = await tdb.db
      .selectFrom('candles')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('names a missing candles table: run pnpm migrate', async () => {
    const bare = await createTestDatabase({ migrated: false });
    try {
      const lines: string[] = [];
      const argv = ['--exchange', 'binance', '--symbols', 'BTC/USDC', '--interval', '1m', '--from', '2024-01-01'];
      await expect(
        downloadCommand(argv, { DATABASE_URL: bare.url }, { out: (t) => lines.push(t) }, deps()),
      ).rejects.toThrow(`the candles table is missing in database ${bare.name}: run pnpm migrate`);
      expect(lines).toEqual([]);
    } finally {
      await bare.drop();
    }
  });
});
