import { duration, table } from '../report-text.js';
import type { GridAxis } from './parse-grid.js';
import type { SweepRow } from './sweep.js';
import type { WalkForward } from './walk-forward.js';

const fixed = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** The sweep ranked, best first: each combination's values, then its figures in the ranked currency. */
export function sweepTable(rows: readonly SweepRow[], axes: readonly GridAxis[], rank: string, quote?: string): string {
  const names = axes.map((a) => a.name);
  const body = rows.map((r, i) => {
    const q = r.total ? (quote ? r.total.find((t) => t.quote === quote) : r.total[0]) : undefined;
    return [
      String(i + 1),
      ...names.map((n) => r.settings[n]!),
      r.error ? `error: ${r.error}` : fixed(r.score, 3),
      q ? String(q.trades) : '–',
      fixed(q?.totalReturnPct, 3),
      fixed(q?.maxDrawdownPct, 3),
      fixed(q?.sharpe),
      fixed(q?.profitFactor, 3),
      fixed(q?.winRatePct, 1),
    ];
  });
  const currency = quote ?? rows.find((r) => r.total)?.total?.[0]?.quote ?? '';
  return (
    `${rows.length} combinations ranked by ${rank}${currency ? ` in ${currency}` : ''}\n\n` +
    table(['#', ...names, rank, 'closed', 'return %', 'max DD %', 'Sharpe', 'PF', 'win %'], body) +
    '\n'
  );
}

/** Each window's best combination in and out of sample, then every combination's means. */
export function walkForwardTable(result: WalkForward, axes: readonly GridAxis[], rank: string): string {
  const names = axes.map((a) => a.name);
  const windows = table(
    ['window', 'train', 'test', ...names, `${rank} in`, `${rank} out`],
    result.windows.map((w, i) => [
      String(i + 1),
      `${day(w.train.from)} (${duration(w.train.to - w.train.from)})`,
      `${day(w.test.from)} (${duration(w.test.to - w.test.from)})`,
      ...names.map((n) => w.best?.settings[n] ?? '–'),
      fixed(w.best?.inSample, 3),
      fixed(w.best?.outOfSample, 3),
    ]),
  );
  const combos = table(
    [...names, `${rank} in (mean)`, `${rank} out (mean)`],
    [...result.combinations]
      .sort((a, b) => (b.outOfSample ?? -Infinity) - (a.outOfSample ?? -Infinity))
      .map((c) => [...names.map((n) => c.settings[n]!), fixed(c.inSample, 3), fixed(c.outOfSample, 3)]),
  );
  return `Walk-forward, ${result.windows.length} windows: the best in sample, judged on the next window\n\n${windows}\n\nEvery combination, by its mean out-of-sample ${rank}\n\n${combos}\n`;
}

export const grid = { sweep: sweepTable, walkForward: walkForwardTable };
