import { useCallback, useEffect, useState } from 'react';
import type { BacktestRun } from '@roottrading/contracts';
import { loadBacktests, loadStrategies } from '../../api/endpoints';
import { useAppData } from '../../app-data';
import { REFRESH_MS, useRefreshTick, useResource } from '../../hooks/use-resource';
import { useQueryState } from '../../router';
import { BacktestForm } from './backtest-form';
import { runName } from './compare';
import { ComparePanel } from './compare-panel';
import { RunReport } from './run-report';
import { RunsPanel } from './runs-panel';
import { SweepPanel } from './sweep-panel';
import { pageOf } from '../../components/history-filters';

/** The list refreshes this often while a run is queued or running, so its progress bar moves. */
export const ACTIVE_REFRESH_MS = 2_000;

/**
 * Backtests on the backtest service: a form to queue one, the runs with their progress and
 * headline figures, one run's report, and runs compared side by side. The run opened, the runs
 * compared and the trades page are in the URL, so a view can be bookmarked.
 */
export function BacktestPage() {
  const { symbols, marketSource } = useAppData();
  const [query, setQuery] = useQueryState();
  const selected = query.get('run') ?? undefined;
  const sweepId = query.get('sweep') ?? undefined;
  const compared = (query.get('compare') ?? '').split(',').filter(Boolean);

  const strategies = useResource('strategies', loadStrategies);
  // Faster while a run is under way, from the answer before: the refresh depends on what it loads.
  const [fast, setFast] = useState(false);
  const tick = useRefreshTick(fast ? ACTIVE_REFRESH_MS : REFRESH_MS);
  const runs = useResource('backtests', loadBacktests, tick);
  const active = runs.data?.runs.some((r) => r.status === 'queued' || r.status === 'running') ?? false;
  useEffect(() => setFast(active), [active]);
  const current = runs.data?.runs.find((r) => r.id === selected);
  const comparing = compared
    .map((id) => runs.data?.runs.find((r) => r.id === id))
    .filter((r): r is BacktestRun => r !== undefined);

  const reload = runs.reload;
  const onQueued = useCallback(
    (run: BacktestRun) => {
      setQuery({ run: run.id, tp: undefined });
      reload();
    },
    [setQuery, reload],
  );
  const compare = (id: string, on: boolean) => {
    const next = on ? [...new Set([...compared, id])] : compared.filter((c) => c !== id);
    setQuery({ compare: next.join(',') || undefined });
  };

  return (
    <div className="grid gap-6">
      <section
        aria-labelledby="backtest-form-title"
        className="min-w-0 rounded-xl border border-slate-800 bg-slate-900/60 p-4 shadow-sm"
      >
        <h2 id="backtest-form-title" className="mb-4 text-sm font-semibold tracking-wide text-slate-200 uppercase">
          New backtest
        </h2>
        <BacktestForm
          symbols={symbols}
          marketSource={marketSource}
          strategyNames={strategies.data?.strategies.map((s) => s.name) ?? []}
          onQueued={onQueued}
          onSwept={(id) => {
            setQuery({ sweep: id, run: undefined, tp: undefined });
            reload();
          }}
        />
      </section>
      {sweepId && <SweepPanel id={sweepId} tick={tick} onOpen={(id) => setQuery({ run: id, tp: undefined })} />}
      <RunsPanel
        runs={runs}
        selected={selected}
        compared={compared}
        onOpen={(id) => setQuery({ run: id, tp: undefined })}
        onCompare={compare}
      />
      {comparing.length >= 2 && <ComparePanel runs={comparing} onClear={() => setQuery({ compare: undefined })} />}
      {comparing.length === 1 && (
        <p className="text-sm text-slate-400">Tick a second run to compare it with {runName(comparing[0]!)}.</p>
      )}
      {selected && (
        <RunReport
          key={selected}
          runId={selected}
          status={current?.status}
          tradesPage={pageOf(query.get('tp'))}
          onTradesPage={(p) => setQuery({ tp: p > 1 ? String(p) : undefined })}
        />
      )}
    </div>
  );
}
