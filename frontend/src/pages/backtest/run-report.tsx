import { useMemo, useState } from 'react';
import type { BacktestDetail, BacktestRun } from '@roottrading/contracts';
import { loadBacktest } from '../../api/endpoints';
import type { BacktestReportView } from '../../api/types';
import { CurrencySelect } from '../../components/currency-select';
import { Panel } from '../../components/panel';
import { formatDateTime } from '../../format/time';
import { useResource } from '../../hooks/use-resource';
import { BacktestTrades } from './backtest-trades';
import { runName } from './compare';
import { EquityDrawdownChart } from '../../charts/equity-drawdown-chart';
import { GroupTable } from './group-table';
import { MetricCards } from './metric-cards';
import { RunCandles } from './run-candles';
import { StatusPill } from './runs-panel';

/**
 * One run: its metrics per quote currency, its equity and drawdown, the per-strategy and per-pair
 * tables, its trades, and the trades on its candles. `status` (from the list) reloads it when the
 * run finishes; a finished run never changes, so nothing else does.
 */
export function RunReport({
  runId,
  status,
  tradesPage,
  onTradesPage,
}: {
  runId: string;
  status?: BacktestRun['status'];
  tradesPage: number;
  onTradesPage: (page: number) => void;
}) {
  // Not known yet (the list still loading) and finished are one key: a finished run is loaded once.
  const phase = status === 'queued' || status === 'running' ? status : 'settled';
  const detail = useResource(`backtest:${runId}:${phase}`, (signal) =>
    loadBacktest(runId, { page: 1, limit: 1 }, signal),
  );
  const done = detail.data?.run.status === 'done' && detail.data.report !== null;
  return (
    <div className="grid gap-6" data-run={runId}>
      <Panel
        id="panel-backtest-results"
        title={detail.data ? `Results · ${runName(detail.data.run)}` : 'Results'}
        resource={detail}
        aside={detail.data && <RunStatus run={detail.data.run} />}
      >
        {(d) => <Results detail={d} />}
      </Panel>
      {done && (
        <>
          <EquityPanel detail={detail.data!} />
          <div className="grid items-start gap-6 2xl:grid-cols-2">
            <Panel id="panel-backtest-strategies" title="Per strategy" resource={detail}>
              {(d) => <GroupTable groups={reportOf(d).summary.byStrategy} keyLabel="Strategy" />}
            </Panel>
            <Panel id="panel-backtest-pairs" title="Per pair" resource={detail}>
              {(d) => <GroupTable groups={reportOf(d).summary.bySymbol} keyLabel="Pair" />}
            </Panel>
          </div>
          <RunCandles runId={runId} symbols={reportOf(detail.data!).config.symbols} />
          <BacktestTrades runId={runId} page={tradesPage} onPage={onTradesPage} />
        </>
      )}
    </div>
  );
}

/** A done run's report (the panels that use it show only once the run is done). */
const reportOf = (d: BacktestDetail): BacktestReportView => d.report!;

function RunStatus({ run }: { run: BacktestRun }) {
  return (
    <span className="flex items-center gap-2">
      <StatusPill status={run.status} />
      {run.finishedAt && <span title={run.finishedAt}>finished {formatDateTime(run.finishedAt)}</span>}
    </span>
  );
}

function Results({ detail }: { detail: BacktestDetail }) {
  const { run } = detail;
  if (run.status === 'failed') {
    return (
      <p role="alert" className="rounded-md border border-red-800/70 bg-red-950/40 px-3 py-3 text-sm text-red-200">
        The run failed: {run.error ?? 'no reason given'}
      </p>
    );
  }
  if (run.status !== 'done' || detail.report === null) {
    return (
      <p className="py-4 text-sm text-slate-300">The run is {run.status}: its results appear here when it is done.</p>
    );
  }
  const report = reportOf(detail);
  return (
    <div className="grid gap-3">
      <p className="text-sm text-slate-300">
        {report.config.source} · {report.config.symbols.join(', ')} · {report.config.strategies.join(', ')} ·{' '}
        {report.config.interval} · {report.candles.toLocaleString('en')} candles · {report.signals} signals
        {report.period.from && ` · from ${formatDateTime(report.period.from)}`}
        {report.period.to && ` to ${formatDateTime(report.period.to)}`}
      </p>
      <MetricCards metrics={report.summary.total} />
    </div>
  );
}

/** The equity and drawdown of one quote currency at a time: the curves of two currencies do not share an axis. */
function EquityPanel({ detail }: { detail: BacktestDetail }) {
  const metrics = reportOf(detail).summary.total;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const quote = metrics.find((m) => m.quote === chosen) ?? metrics[0];
  const points = useMemo(() => detail.equity.filter((p) => p.quote === quote?.quote), [detail.equity, quote?.quote]);
  return (
    <Panel
      id="panel-backtest-equity"
      title="Equity and drawdown"
      resource={{ data: detail, loading: false, reload: () => undefined }}
      isEmpty={() => !quote || points.length < 2}
      empty="Not enough equity points to draw a curve."
      aside={<CurrencySelect currencies={metrics.map((m) => m.quote)} value={quote?.quote} onChange={setChosen} />}
    >
      {() => <EquityDrawdownChart quote={quote!.quote} start={quote!.startingEquity} points={points} />}
    </Panel>
  );
}
