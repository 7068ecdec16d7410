import type { ReactNode } from 'react';
import type { BacktestList, BacktestRun } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { Pill } from '../../components/badges';
import { Panel } from '../../components/panel';
import { TableHead } from '../../components/table-head';
import { formatDateTime } from '../../format/time';
import type { Resource } from '../../hooks/use-resource';
import { requestOf, runName } from './compare';
import { pctText, ratioText } from './figures';
import { stacked } from '../../components/stacked-table';

/** The stored runs, newest first: where each is, and its headline figures per quote currency once done. */
export function RunsPanel({
  runs,
  selected,
  compared,
  onOpen,
  onCompare,
}: {
  runs: Resource<BacktestList>;
  selected: string | undefined;
  compared: readonly string[];
  onOpen: (id: string) => void;
  onCompare: (id: string, on: boolean) => void;
}) {
  return (
    <Panel
      id="panel-backtest-runs"
      title="Runs"
      resource={runs}
      isEmpty={(l) => l.runs.length === 0}
      empty="No backtests yet: queue one with the form."
      aside={runs.data && <span>{runs.data.runs.length} runs</span>}
    >
      {(l) => (
        <div className="sm:overflow-x-auto">
          <table className={stacked.table}>
            <caption className="sr-only">Backtest runs, newest first</caption>
            <TableHead
              className={stacked.head}
              columns={[
                { label: 'Open' },
                { label: 'Compare' },
                { label: 'Run' },
                { label: 'Status' },
                { label: 'Worker' },
                { label: 'Created' },
                { label: 'Net profit', right: true },
                { label: 'Return', right: true },
                { label: 'Max DD', right: true },
                { label: 'Sharpe', right: true },
                { label: 'Trades', right: true },
              ]}
            />
            <tbody>
              {l.runs.map((r) => (
                <RunLine
                  key={r.id}
                  run={r}
                  open={r.id === selected}
                  compared={compared.includes(r.id)}
                  onOpen={() => onOpen(r.id)}
                  onCompare={(on) => onCompare(r.id, on)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function RunLine({
  run,
  open,
  compared,
  onOpen,
  onCompare,
}: {
  run: BacktestRun;
  open: boolean;
  compared: boolean;
  onOpen: () => void;
  onCompare: (on: boolean) => void;
}) {
  const name = runName(run);
  const perQuote = (cell: (h: NonNullable<BacktestRun['headline']>[number]) => ReactNode) =>
    run.headline?.map((h) => <div key={h.quote}>{cell(h)}</div>) ?? <span className="text-slate-400">—</span>;
  return (
    <tr
      className={`${stacked.row} align-top ${open ? 'bg-slate-800/40' : ''}`}
      data-run-id={run.id}
      data-status={run.status}
    >
      <td data-label="Open" className={`${stacked.cell}`}>
        <input type="radio" name="open-run" checked={open} onChange={onOpen} aria-label={`open ${name}`} />
      </td>
      <td data-label="Compare" className={`${stacked.cell}`}>
        <input
          type="checkbox"
          checked={compared}
          onChange={(e) => onCompare(e.target.checked)}
          aria-label={`compare ${name}`}
        />
      </td>
      <td data-label="Run" className={`${stacked.cell} ${stacked.wide}`}>
        <button type="button" className="font-semibold text-sky-300 hover:underline" onClick={onOpen}>
          {name}
        </button>
        <div className="text-xs text-slate-400">{requestOf(run).source ?? 'database'}</div>
      </td>
      <td data-label="Status" className={`${stacked.cell}`}>
        <RunProgress run={run} />
      </td>
      <td data-label="Worker" className={`${stacked.cell} text-slate-300`}>
        {run.worker ?? '—'}
      </td>
      <td data-label="Created" className={`${stacked.cell} text-slate-300 tabular-nums`} title={run.createdAt}>
        {formatDateTime(run.createdAt)}
      </td>
      <td data-label="Net profit" className={`${stacked.cell} ${stacked.figure}`}>
        {perQuote((h) => (
          <Amount value={h.netProfit} currency={h.quote} signed />
        ))}
      </td>
      <td data-label="Return" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
        {perQuote((h) => pctText(h.totalReturnPct))}
      </td>
      <td data-label="Max DD" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
        {perQuote((h) => pctText(h.maxDrawdownPct))}
      </td>
      <td data-label="Sharpe" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
        {perQuote((h) => ratioText(h.sharpe))}
      </td>
      <td data-label="Trades" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
        {perQuote((h) => h.trades)}
      </td>
    </tr>
  );
}

export function StatusPill({ status }: { status: BacktestRun['status'] }) {
  return <Pill tone={status === 'done' ? 'ok' : status === 'failed' ? 'bad' : 'info'}>{status}</Pill>;
}

/** The status, and while it runs, candles done of the total (a bar once the total is known). */
export function RunProgress({ run }: { run: BacktestRun }) {
  const { done, total } = run.progress;
  const share = total ? Math.min(1, done / total) : run.status === 'done' ? 1 : 0;
  return (
    <div className="grid min-w-32 gap-1">
      <span title={run.error ?? undefined}>
        <StatusPill status={run.status} />
      </span>
      {run.status !== 'failed' && (
        <div
          role="progressbar"
          aria-label={`${runName(run)} progress`}
          aria-valuemin={0}
          aria-valuemax={total ?? undefined}
          aria-valuenow={done}
          className="h-1.5 w-full overflow-hidden rounded bg-slate-800"
        >
          <div className="h-full bg-sky-400 transition-all" style={{ width: `${(share * 100).toFixed(1)}%` }} />
        </div>
      )}
      <span className="text-xs text-slate-400 tabular-nums">
        {done.toLocaleString('en')}
        {total !== null && ` / ${total.toLocaleString('en')}`} candles
      </span>
    </div>
  );
}
