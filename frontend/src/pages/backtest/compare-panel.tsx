import type { ReactNode } from 'react';
import type { BacktestRun } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { differingSettings, quotesOf, runName } from './compare';
import { pctText, ratioText } from './figures';
import { StatusPill } from './runs-panel';

type Headline = NonNullable<BacktestRun['headline']>[number];

const HEADLINE: { label: string; cell: (h: Headline) => ReactNode }[] = [
  { label: 'Net profit', cell: (h) => <Amount value={h.netProfit} currency={h.quote} signed /> },
  { label: 'Return', cell: (h) => pctText(h.totalReturnPct) },
  { label: 'Max drawdown', cell: (h) => pctText(h.maxDrawdownPct) },
  { label: 'Sharpe', cell: (h) => ratioText(h.sharpe) },
  { label: 'Trades', cell: (h) => h.trades },
];

/** Runs side by side, one column each: what differs in their settings, then their headline figures per quote currency. */
export function ComparePanel({ runs, onClear }: { runs: readonly BacktestRun[]; onClear: () => void }) {
  const differing = differingSettings(runs);
  const quotes = quotesOf(runs);
  return (
    <section
      id="panel-backtest-compare"
      aria-labelledby="panel-backtest-compare-title"
      className="min-w-0 rounded-xl border border-slate-800 bg-slate-900/60 shadow-sm"
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800 px-4 py-3">
        <h2 id="panel-backtest-compare-title" className="text-sm font-semibold tracking-wide text-slate-200 uppercase">
          Compare {runs.length} runs
        </h2>
        <button type="button" className="text-xs text-sky-300 hover:underline" onClick={onClear}>
          Clear comparison
        </button>
      </header>
      <div className="overflow-x-auto p-4">
        <table className="text-sm whitespace-nowrap">
          <caption className="sr-only">Runs compared: one column per run</caption>
          <thead>
            <tr className="border-b border-slate-800 text-left">
              <th scope="col" className="py-2 pr-4 text-xs font-medium text-slate-400 uppercase">
                Run
              </th>
              {runs.map((r) => (
                <th
                  key={r.id}
                  scope="col"
                  className="py-2 pr-4 text-right font-semibold text-slate-100"
                  data-run-id={r.id}
                >
                  {runName(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Row
              label="Status"
              cells={runs.map((r) => (
                <StatusPill key={r.id} status={r.status} />
              ))}
            />
            <Section title={differing.length ? 'Settings that differ' : 'The same settings'} span={runs.length} />
            {differing.map((d) => (
              <Row
                key={d.name}
                label={d.name}
                mono
                cells={d.values.map((v) => v ?? <span className="text-slate-400">default</span>)}
              />
            ))}
            {quotes.map((q) => (
              <QuoteRows key={q} quote={q} runs={runs} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function QuoteRows({ quote, runs }: { quote: string; runs: readonly BacktestRun[] }) {
  return (
    <>
      <Section title={`In ${quote}`} span={runs.length} />
      {HEADLINE.map(({ label, cell }) => (
        <Row
          key={label}
          label={label}
          mono
          cells={runs.map((r) => {
            const h = r.headline?.find((x) => x.quote === quote);
            return h ? cell(h) : <span className="text-slate-400">—</span>;
          })}
        />
      ))}
    </>
  );
}

function Section({ title, span }: { title: string; span: number }) {
  return (
    <tr>
      <th
        colSpan={span + 1}
        scope="colgroup"
        className="pt-4 pb-1 text-left text-xs font-semibold text-sky-300 uppercase"
      >
        {title}
      </th>
    </tr>
  );
}

function Row({ label, cells, mono = false }: { label: string; cells: ReactNode[]; mono?: boolean }) {
  return (
    <tr className="border-b border-slate-800/60" data-row={label}>
      <th scope="row" className="py-1.5 pr-4 text-left font-normal text-slate-300">
        {label}
      </th>
      {cells.map((c, i) => (
        <td key={i} className={`py-1.5 pr-4 text-right ${mono ? 'font-mono tabular-nums' : ''}`}>
          {c}
        </td>
      ))}
    </tr>
  );
}
