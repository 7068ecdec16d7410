import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { backtestReportSchema } from '@roottrading/contracts';
import { backtestCommand } from './command.js';

const SAMPLE = resolve(fileURLToPath(import.meta.url), '../../../../data/sample');

describe('pnpm backtest with the engine exits', () => {
  it('reports partial take-profits, time stops and swing stops among the trades, the rest of a position sold later', async () => {
    const env = {
      SYMBOLS: 'BTC/USDC',
      STRATEGIES: 'RSI_Strategy',
      STOP_LOSS: 'swing',
      PARTIAL_TAKE_PROFIT: '50%@0.3%',
      TRAILING_STOP: '0.5%',
      TIME_STOP: '30',
    };
    const report = backtestReportSchema.parse(await backtestCommand(['--data', SAMPLE], env, { out: () => undefined }));
    const reasons = new Set(report.trades.map((t) => t.exitReason));
    for (const r of ['partial_take_profit', 'time_stop', 'stop_loss', 'trailing_stop']) expect(reasons).toContain(r);
    // A partial sells part of what was bought: the next trade of that position sells the rest.
    const i = report.trades.findIndex((t) => t.exitReason === 'partial_take_profit');
    const [buy, partial, rest] = [report.trades[i - 1]!, report.trades[i]!, report.trades[i + 1]!];
    expect(buy.side).toBe('BUY');
    expect(rest.side).toBe('SELL');
    expect(rest.exitReason).not.toBe('partial_take_profit');
    expect(Number(partial.quantity) + Number(rest.quantity)).toBeCloseTo(Number(buy.quantity), 8);
    // The closed position carries the reason of its last exit, never the partial's when a rest was left.
    const closed = report.closedPositions.find((p) => p.closedAt === rest.time);
    expect(closed?.exitReason).toBe(rest.exitReason);
  }, 120_000);
});
