import type { ReactNode } from 'react';
import type { BacktestMetrics } from '../../api/types';
import { Amount } from '../../components/amount';
import { durationText, pctText, ratioText } from './figures';

/** One card per quote currency: a run's USDC and USDT results are never added together. */
export function MetricCards({ metrics }: { metrics: readonly BacktestMetrics[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {metrics.map((m) => (
        <MetricCard key={m.quote} m={m} />
      ))}
    </div>
  );
}

/** The figures under the headline, in the order a trader reads them: risk-adjusted return, risk, trades, costs. */
const FIGURES: { label: string; name: string; value: (m: BacktestMetrics) => ReactNode }[] = [
  { label: 'CAGR', name: 'cagr', value: (m) => pctText(m.cagrPct) },
  { label: 'Sharpe', name: 'sharpe', value: (m) => ratioText(m.sharpe) },
  { label: 'Sortino', name: 'sortino', value: (m) => ratioText(m.sortino) },
  { label: 'Calmar', name: 'calmar', value: (m) => ratioText(m.calmar) },
  {
    label: 'Max drawdown',
    name: 'max-drawdown',
    value: (m) => <span className="text-red-300">{pctText(m.maxDrawdownPct)}</span>,
  },
  { label: 'Longest under a peak', name: 'max-drawdown-duration', value: (m) => durationText(m.maxDrawdownDurationMs) },
  { label: 'Trades', name: 'trades', value: (m) => m.trades },
  { label: 'Win rate', name: 'win-rate', value: (m) => pctText(m.winRatePct, 1) },
  { label: 'Profit factor', name: 'profit-factor', value: (m) => ratioText(m.profitFactor) },
  { label: 'Expectancy', name: 'expectancy', value: (m) => <Amount value={m.expectancy} currency={m.quote} signed /> },
  {
    label: 'Average win / loss',
    name: 'avg-win-loss',
    value: (m) => (
      <>
        <Amount value={m.avgWin} currency={m.quote} /> / <Amount value={m.avgLoss} currency={m.quote} />
      </>
    ),
  },
  { label: 'Exposure', name: 'exposure', value: (m) => pctText(m.exposurePct, 1) },
  { label: 'Fees', name: 'fees', value: (m) => <Amount value={m.fees} currency={m.quote} /> },
  { label: 'Fees / gross profit', name: 'fees-of-gross', value: (m) => pctText(m.feesOfGrossProfitPct, 1) },
  {
    label: 'Equity, start → end',
    name: 'equity',
    value: (m) => (
      <>
        <Amount value={m.startingEquity} currency={m.quote} /> → <Amount value={m.finalEquity} currency={m.quote} />
      </>
    ),
  },
];

function tone(pct: number | null): string {
  if (pct === null || pct === 0) return 'text-slate-100';
  return pct > 0 ? 'text-emerald-400' : 'text-red-400';
}

function MetricCard({ m }: { m: BacktestMetrics }) {
  return (
    <article
      className="min-w-0 rounded-lg border border-slate-800 bg-slate-950/60 p-4"
      aria-label={`results in ${m.quote}`}
      data-quote={m.quote}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-xs font-semibold tracking-wider text-slate-400 uppercase">Net profit</h3>
        <span className="text-xs text-slate-400">in {m.quote}</span>
      </div>
      <p className="mt-1 text-2xl font-semibold" data-figure="net-profit">
        <Amount value={m.netProfit} currency={m.quote} signed />
      </p>
      <p className="mt-1 text-sm text-slate-300">
        <span className={`font-mono tabular-nums ${tone(m.totalReturnPct)}`} data-figure="total-return">
          {pctText(m.totalReturnPct)}
        </span>{' '}
        total return vs{' '}
        <span className="font-mono tabular-nums" data-figure="buy-and-hold">
          {pctText(m.buyAndHoldPct)}
        </span>{' '}
        buy and hold
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
        {FIGURES.map((f) => (
          <div key={f.name} className="min-w-0">
            <dt className="text-xs text-slate-400">{f.label}</dt>
            <dd className="font-mono break-words text-slate-100 tabular-nums" data-figure={f.name}>
              {f.value(m)}
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
