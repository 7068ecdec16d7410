import { ConfigError } from '@roottrading/config';
import type { BacktestJob } from '../execute.js';
import type { BacktestReport } from '../report.js';
import { combinations, type GridAxis } from './parse-grid.js';
import { runPool, type GridAnswer } from './pool.js';

type QuoteTotal = BacktestReport['summary']['total'][number];

/** What `--rank` may order by: the value to sort on (higher is better) from one currency's metrics. */
export const RANKINGS: Record<string, (q: QuoteTotal) => number | null> = {
  sharpe: (q) => q.sharpe,
  sortino: (q) => q.sortino,
  calmar: (q) => q.calmar,
  return: (q) => q.totalReturnPct,
  profit_factor: (q) => q.profitFactor,
  win_rate: (q) => q.winRatePct,
  expectancy: (q) => (q.expectancy === null ? null : Number(q.expectancy)),
  net_profit: (q) => Number(q.netProfit),
  drawdown: (q) => -q.maxDrawdownPct,
};

export interface SweepRow {
  settings: Record<string, string>;
  /** Per quote currency, or the error that stopped the combination. */
  total: QuoteTotal[] | null;
  error: string | null;
  /** The ranking metric in the ranked currency (null sorts last). */
  score: number | null;
}

export interface SweepOptions {
  threads: number;
  rank: string;
  /** The currency whose metric ranks; the first one traded when absent. */
  quote?: string;
  onAnswer?: (done: number, total: number) => void;
}

/** Every combination of the grid over the same candles, on a pool of worker threads, ranked. */
export async function sweep(
  env: Record<string, string | undefined>,
  job: Omit<BacktestJob, 'db' | 'onStart' | 'onProgress'>,
  axes: readonly GridAxis[],
  opts: SweepOptions,
): Promise<SweepRow[]> {
  const pick = RANKINGS[opts.rank];
  if (!pick) throw new ConfigError(`--rank must be one of ${Object.keys(RANKINGS).join(', ')} (got "${opts.rank}")`);
  const combos = combinations(axes);
  const tasks = combos.map((settings, index) => ({ index, env: { ...env, ...settings }, job }));
  const answers = await runPool(tasks, opts.threads, (_, done) => opts.onAnswer?.(done, tasks.length));
  return rank(answers.map((a, i) => rowOf(combos[i]!, a, pick, opts.quote)));
}

function rowOf(
  settings: Record<string, string>,
  a: GridAnswer,
  pick: (q: QuoteTotal) => number | null,
  quote?: string,
): SweepRow {
  if (!a.ok) return { settings, total: null, error: a.error, score: null };
  const q = quote ? a.total.find((t) => t.quote === quote) : a.total[0];
  return { settings, total: a.total, error: null, score: q ? pick(q) : null };
}

/** Best first; combinations without a score (no trades, an error) last, in grid order. */
export function rank(rows: SweepRow[]): SweepRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      if (a.r.score === null || b.r.score === null)
        return (a.r.score === null ? 1 : 0) - (b.r.score === null ? 1 : 0) || a.i - b.i;
      return b.r.score - a.r.score || a.i - b.i;
    })
    .map(({ r }) => r);
}
