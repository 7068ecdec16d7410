import type { BacktestSweep } from '@roottrading/contracts';
import { loadSweep } from '../../api/endpoints';
import { Pill } from '../../components/badges';
import { Panel } from '../../components/panel';
import { TableHead } from '../../components/table-head';
import { useResource } from '../../hooks/use-resource';
import { pctText, ratioText } from './figures';
import { WalkForwardTables } from './walk-forward-table';

/**
 * A sweep's runs ranked by its metric, best first (runs still going, or without a score, last):
 * which combination won, and each run to open.
 */
export function SweepPanel({ id, tick, onOpen }: { id: string; tick: number; onOpen: (runId: string) => void }) {
  const sweep = useResource(`sweep:${id}`, (signal) => loadSweep(id, signal), tick);
  return (
    <Panel
      id="panel-backtest-sweep"
      title="Sweep"
      resource={sweep}
      isEmpty={(s) => s.runs.length === 0}
      empty="This sweep has no runs."
      aside={sweep.data && <SweepAside sweep={sweep.data} />}
    >
      {(s) => (
        <div className="grid gap-4">
          {s.walkForward && <WalkForwardTables walk={s.walkForward} rank={s.rank} />}
          <div className="overflow-x-auto">
            <table className="w-full text-sm whitespace-nowrap">
              <caption className="sr-only">The sweep's runs, best first by {s.rank}</caption>
              <TableHead
                columns={[
                  { label: '#' },
                  { label: 'Combination' },
                  { label: s.rank, right: true },
                  { label: 'Status' },
                  { label: 'Return', right: true },
                  { label: 'Max DD', right: true },
                  { label: 'Sharpe', right: true },
                  { label: 'Trades', right: true },
                  { label: 'Run' },
                ]}
              />
              <tbody>
                {s.runs.map((r, i) => {
                  const h = r.run.headline?.find((q) => !s.quote || q.quote === s.quote) ?? null;
                  return (
                    <tr key={r.run.id} className="border-t border-slate-800" data-sweep-run={r.run.id}>
                      <td className="py-2 pr-3 tabular-nums">{i + 1}</td>
                      <td className="py-2 pr-3 font-mono">
                        {Object.entries(r.settings)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(' ')}
                      </td>
                      <td className="py-2 pr-3 text-right font-mono tabular-nums">{ratioText(r.score)}</td>
                      <td className="py-2 pr-3">
                        <Pill tone={r.run.status === 'done' ? 'ok' : r.run.status === 'failed' ? 'bad' : 'info'}>
                          {r.run.status}
                        </Pill>
                      </td>
                      <td className="py-2 pr-3 text-right font-mono tabular-nums">
                        {pctText(h?.totalReturnPct ?? null)}
                      </td>
                      <td className="py-2 pr-3 text-right font-mono tabular-nums">
                        {pctText(h?.maxDrawdownPct ?? null)}
                      </td>
                      <td className="py-2 pr-3 text-right font-mono tabular-nums">{ratioText(h?.sharpe ?? null)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{h?.trades ?? '–'}</td>
                      <td className="py-2">
                        <button
                          type="button"
                          className="rounded px-2 py-1 text-sky-300 hover:bg-slate-800"
                          onClick={() => onOpen(r.run.id)}
                        >
                          Open
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Panel>
  );
}

function SweepAside({ sweep }: { sweep: BacktestSweep }) {
  const done = sweep.runs.filter((r) => r.run.status === 'done').length;
  return (
    <span>
      <span className="font-mono">{sweep.grid}</span> · {done}/{sweep.runs.length} done · by {sweep.rank}
      {sweep.quote ? ` in ${sweep.quote}` : ''}
    </span>
  );
}
