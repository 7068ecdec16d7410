import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { backtestCommand } from '../command.js';
import { executeBacktest } from '../execute.js';
import { parseGrid } from './parse-grid.js';
import { sweep } from './sweep.js';
import { walkForward } from './walk-forward.js';

const SAMPLE = resolve(fileURLToPath(import.meta.url), '../../../../../data/sample');
const ENV = { SYMBOLS: 'BTC/USDC', STRATEGIES: 'RSI_Strategy', STOP_LOSS: '2%' };
const JOB = { source: 'files' as const, data: SAMPLE, period: {} };

describe('sweeps on worker threads', () => {
  it('gives each combination exactly its own backtest, ranked best first', async () => {
    const axes = parseGrid('RSI_WINDOW=10|20,RSI_OVERSOLD=25|30');
    const rows = await sweep(ENV, JOB, axes, { threads: 2, rank: 'return' });
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const alone = await executeBacktest({ ...ENV, ...row.settings }, JOB);
      expect(row.total).toEqual(alone.summary.total);
      expect(row.score).toBe(alone.summary.total[0]!.totalReturnPct);
    }
    const scores = rows.map((r) => r.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    await expect(sweep(ENV, JOB, axes, { threads: 1, rank: 'luck' })).rejects.toThrow(/--rank must be one of sharpe/);
  }, 120_000);

  it('walks forward: contiguous windows, each run warmed up and flat at its end', async () => {
    const axes = parseGrid('RSI_WINDOW=10|20');
    const result = await walkForward(ENV, JOB, axes, { windows: 3, threads: 2, rank: 'net_profit' });
    expect(result.windows).toHaveLength(3);
    result.windows.forEach((w, i) => {
      expect(w.test.from).toBe(w.train.to);
      if (i > 0) expect(w.train.from).toBe(result.windows[i - 1]!.test.from);
    });
    expect(result.windows[0]!.train.from).toBe(Date.UTC(2023, 2, 10));
    expect(result.windows[2]!.test.to).toBe(Date.UTC(2023, 2, 17));
    // The best in-sample combination's scores are those of its own two runs.
    const w = result.windows[1]!;
    const run = (period: { from: number; to: number }) =>
      executeBacktest({ ...ENV, ...w.best!.settings }, { ...JOB, period, warmUp: true, closeAtEnd: true });
    const [train, test] = [await run(w.train), await run(w.test)];
    expect(w.best!.inSample).toBe(Number(train.summary.total[0]!.netProfit));
    expect(w.best!.outOfSample).toBe(Number(test.summary.total[0]!.netProfit));
    expect(test.openPositions).toEqual([]);
    // Warmed up, a window trades from its first candles; a cold one waits out the warm-up.
    const cold = await executeBacktest({ ...ENV, ...w.best!.settings }, { ...JOB, period: w.test });
    expect(Date.parse(test.trades[0]!.time)).toBeLessThan(Date.parse(cold.trades[0]!.time));
    expect(result.combinations.map((c) => c.settings)).toEqual([{ RSI_WINDOW: '10' }, { RSI_WINDOW: '20' }]);
  }, 120_000);

  it('says what is wrong with a sweep before running anything', async () => {
    const run = (args: string[]) => backtestCommand(['--data', SAMPLE, ...args], ENV, { out: () => undefined });
    await expect(run(['--walk-forward', '3'])).rejects.toThrow('--walk-forward needs a --grid to choose from');
    await expect(run(['--grid', 'RSI_WINDOW=1|2'])).rejects.toThrow(/RSI_WINDOW must be a whole number from 2/);
    await expect(run(['--grid', 'RSI_WINDOW=5|6', '--threads', '0'])).rejects.toThrow(
      /--threads must be a whole number from 1/,
    );
  });
});
