import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { backtestReportSchema, type Candle } from '@roottrading/contracts';
import { candleRowOf, upsertCandles } from '@roottrading/db';
import { mulberry32 } from '@roottrading/market-data';
import { replayCandles } from '@roottrading/strategies/test-support';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';
import { backtestCommand } from './command.js';
import type { BacktestReport } from './report.js';

const SAMPLE = resolve(fileURLToPath(import.meta.url), '../../../../data/sample');
const SYMBOLS = 'BTC/USDC,BTC/USDT';
const SETTINGS = { SYMBOLS, STOP_LOSS: '2%', TAKE_PROFIT: '3%', TRAILING_STOP: '1.5%' };
const opened: TestDatabase[] = [];

afterAll(async () => {
  for (const t of opened) await t.drop();
});

async function backtest(args: string[], env: Record<string, string> = SETTINGS): Promise<BacktestReport> {
  return (await backtestCommand(args, env, { out: () => undefined }))!;
}

async function failure(args: string[], env: Record<string, string> = SETTINGS): Promise<string> {
  try {
    await backtest(args, env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`pnpm backtest ${args.join(' ')} did not fail`);
}

function writeCsv(dir: string, symbol: string, candles: readonly Candle[]): void {
  const rows = candles.map((c) => `${c.startTime},${c.open},${c.high},${c.low},${c.close},${c.volume}`);
  writeFileSync(
    join(dir, `binanceus_${symbol.replace('/', '')}_1m.csv`),
    ['open_time,open,high,low,close,volume', ...rows].join('\n'),
  );
}

describe('pnpm backtest', () => {
  it('reports the sample week as JSON and CSV, money as decimal strings, per quote currency', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-bt-'));
    const out: string[] = [];
    const report = (await backtestCommand(
      ['--data', SAMPLE, '--json', join(dir, 'run.json'), '--csv', join(dir, 'trades.csv')],
      SETTINGS,
      { out: (t) => out.push(t) },
    ))!;
    const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as BacktestReport;
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
    // The file is exactly the contracts' shape: nothing missing, nothing extra (parsing strips unknown keys).
    expect(backtestReportSchema.parse(json)).toEqual(json);
    expect(json.candles).toBe(2 * 7 * 1440);
    expect(json.config).toMatchObject({ symbols: ['BTC/USDC', 'BTC/USDT'], interval: '1m' });
    expect(json.config.settings).toEqual({});
    expect(json.summary.total.map((q) => q.quote)).toEqual(['USDC', 'USDT']);
    expect(json.summary.bySymbol.map((g) => g.key)).toEqual(['BTC/USDC', 'BTC/USDT']);
    expect(json.trades.length).toBeGreaterThan(100);
    for (const t of json.trades) {
      expect(t.time).toMatch(/^2023-03-1\dT/);
      expect(t.price).toMatch(/^\d+(\.\d+)?$/);
      expect(t.fee).toMatch(/^\d+(\.\d+)?$/);
    }
    const exits = new Set(json.trades.map((t) => t.exitReason));
    for (const r of ['signal', 'trailing_stop']) expect(exits).toContain(r);
    // The equity curve: one point per hour of candle time per currency, and the last close.
    expect(json.equity.filter((p) => p.quote === 'USDC')).toHaveLength(7 * 24 + 1);
    const usdc = json.summary.total[0]!;
    const last = json.equity.filter((p) => p.quote === 'USDC').at(-1)!;
    expect(usdc.finalEquity).toBe(last.value);
    // The closed positions' net PnL and the open ones' value make up the change of equity.
    expect(Number(usdc.startingEquity)).toBe(10_000);
    const csv = readFileSync(join(dir, 'trades.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'seq,strategy,symbol,side,time,price,quantity,quoteQuantity,fee,feeCurrency,feeQuote,role,realizedPnl,exitReason,signalId',
    );
    expect(csv).toHaveLength(json.trades.length + 1);
    const text = out.join('');
    expect(text).toContain('Sharpe (daily, ×√365)');
    expect(text).toMatch(/RSI_Strategy\s+USDC/);
  });

  it('trades the same from the candles table as from the files', async () => {
    const tdb = await createTestDatabase();
    opened.push(tdb);
    const candles = ['BTC/USDC', 'BTC/USDT'].flatMap((s) => replayCandles(s, 3_000));
    for (let i = 0; i < candles.length; i += 1_000) {
      await upsertCandles(tdb.db, candles.slice(i, i + 1_000).map(candleRowOf));
    }
    const dir = mkdtempSync(join(tmpdir(), 'rt-bt-'));
    for (const s of ['BTC/USDC', 'BTC/USDT'])
      writeCsv(
        dir,
        s,
        candles.filter((c) => c.symbol === s),
      );
    const fromFiles = await backtest(['--data', dir]);
    const fromTable = await backtest(['--database'], { ...SETTINGS, DATABASE_URL: tdb.url });
    expect(fromFiles.trades.length).toBeGreaterThan(20);
    expect(fromTable.trades).toEqual(fromFiles.trades);
    expect(fromTable.orders).toEqual(fromFiles.orders);
    // --from and --to cut the same window from either source.
    const window = ['--from', '2023-03-01T10:00:00Z', '--to', '2023-03-02T20:00:00Z'];
    const filesWindow = await backtest(['--data', dir, ...window]);
    expect(filesWindow.candles).toBe(2 * 34 * 60);
    expect((await backtest(['--database', ...window], { ...SETTINGS, DATABASE_URL: tdb.url })).trades).toEqual(
      filesWindow.trades,
    );
  });

  it('never looks ahead: random candles after T change nothing up to T', async () => {
    const real = ['BTC/USDC', 'BTC/USDT'].map((s) => replayCandles(s, 6_000));
    const T = real[0]![3_000]!.startTime;
    const random = mulberry32(99);
    const forged = real.map((series) =>
      series.map((c) => {
        if (c.startTime <= T) return c;
        const open = 10_000 + random() * 40_000;
        const close = 10_000 + random() * 40_000;
        const f = (v: number) => v.toFixed(2);
        return {
          ...c,
          open: f(open),
          close: f(close),
          high: f(Math.max(open, close) * (1 + random() * 0.01)),
          low: f(Math.min(open, close) * (1 - random() * 0.01)),
        };
      }),
    );
    const run = async (series: Candle[][]) => {
      const dir = mkdtempSync(join(tmpdir(), 'rt-bt-'));
      for (const s of series) writeCsv(dir, s[0]!.symbol, s);
      return backtest(['--data', dir]);
    };
    const [a, b] = [await run(real), await run(forged)];
    const upTo = (r: BacktestReport) => ({
      trades: r.trades.filter((t) => Date.parse(t.time) <= T + 59_999),
      orders: r.orders.filter((o) => Date.parse(o.placedAt) <= T + 59_999),
      closed: r.closedPositions.filter((c) => Date.parse(c.closedAt) <= T + 59_999),
      equity: r.equity.filter((p) => Date.parse(p.time) <= T + 59_999),
    });
    expect(upTo(a).trades.length).toBeGreaterThan(50);
    expect(upTo(b)).toEqual(upTo(a));
    // And the forged half did change what came after, so the comparison could have failed.
    expect(b.trades).not.toEqual(a.trades);
  });

  it('names what is wrong with its arguments and settings, and trades nothing', async () => {
    expect(await failure(['--bogus'])).toMatch(/Unknown option '--bogus'/);
    expect(await failure(['--data', '/nonexistent/candles'])).toMatch(
      /REPLAY_DIR \/nonexistent\/candles cannot be read/,
    );
    expect(await failure(['--data', SAMPLE, '--strategies', 'nope'])).toMatch(
      /STRATEGIES names an unknown strategy "nope"; known: /,
    );
    expect(await failure(['--data', SAMPLE, '--symbols', 'ETH/USDC'])).toMatch(/has no candle file for ETH\/USDC/);
    expect(await failure(['--data', SAMPLE, '--from', 'yesterday'])).toMatch(/--from must be an ISO date/);
    expect(await failure(['--data', SAMPLE, '--from', '2023-03-12', '--to', '2023-03-11'])).toBe(
      '--to must be after --from',
    );
    expect(await failure(['--synthetic'])).toMatch(/a synthetic backtest needs an end: SYNTHETIC_COUNT/);
    expect(await failure(['--data', SAMPLE, '--symbols', 'DOGE/EUR'])).toMatch(/^no market rules for DOGE\/EUR in /);
    expect(await failure(['--data', SAMPLE], { ...SETTINGS, FEE_RATE: 'lots' })).toMatch(
      /^config: FEE_RATE must be a decimal number/,
    );
    expect(await failure(['--data', SAMPLE, '--synthetic'])).toBe('give one of --data, --synthetic and --database');
  });

  it('walks the synthetic source the same way every time', async () => {
    const env = { ...SETTINGS, SYNTHETIC_COUNT: '2000', SYNTHETIC_SEED: '5' };
    const [a, b] = [await backtest(['--synthetic'], env), await backtest(['--synthetic'], env)];
    expect(a.candles).toBe(4_000);
    expect(a.trades.length).toBeGreaterThan(10);
    expect(b.trades).toEqual(a.trades);
    expect((await backtest(['--synthetic'], { ...env, SYNTHETIC_SEED: '6' })).trades).not.toEqual(a.trades);
  });
});
