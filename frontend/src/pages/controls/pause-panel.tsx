import type { ActivePause, ControlsState } from '@roottrading/contracts';
import { useAppData } from '../../app-data';
import { Pill } from '../../components/badges';
import { Panel } from '../../components/panel';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatDateTime } from '../../format/time';
import type { ConfirmRequest } from '../../components/confirm-dialog';
import type { Resource } from '../../hooks/use-resource';
import { pauseRequest, resumeRequest, type PauseTarget } from './pause-requests';

const COLUMNS = [{ label: 'Scope' }, { label: 'State' }, { label: 'Action', right: true }] as const;
/** Manual orders trade under this strategy name: pausing it stops manual BUYs. */
const MANUAL = 'manual';

const button = (pause: boolean) =>
  `rounded-md border px-3 py-1 text-xs font-semibold disabled:cursor-not-allowed disabled:opacity-50 ${
    pause
      ? 'border-amber-600 text-amber-200 hover:bg-amber-950'
      : 'border-emerald-600 text-emerald-200 hover:bg-emerald-950'
  }`;

/** Every scope a pause can cover: everything, each strategy (the analyzer's, manual, any paused), each symbol. */
export function pauseTargets(
  strategies: readonly string[],
  symbols: readonly string[],
  pauses: readonly ActivePause[],
) {
  const paused = (scope: 'strategy' | 'symbol') => pauses.filter((p) => p.scope === scope).map((p) => p.target ?? '');
  const names = [...new Set([...strategies, MANUAL, ...paused('strategy')])];
  const markets = [...new Set([...symbols, ...paused('symbol')])];
  return [
    { scope: 'all' } as PauseTarget,
    ...names.map((target): PauseTarget => ({ scope: 'strategy', target })),
    ...markets.map((target): PauseTarget => ({ scope: 'symbol', target })),
  ];
}

const keyOf = (t: PauseTarget) => (t.scope === 'all' ? 'all' : `${t.scope}:${t.target}`);
const pauseOf = (t: PauseTarget, pauses: readonly ActivePause[]) =>
  pauses.find((p) => p.scope === t.scope && (t.scope === 'all' || p.target === t.target));

/** New entries, paused or not, per scope, with a pause or resume for each (each confirmed first). */
export function PausePanel({
  resource,
  ask,
}: {
  resource: Resource<ControlsState>;
  ask: <T>(request: ConfirmRequest<T>) => void;
}) {
  const app = useAppData();
  const strategies = app.analyzer?.strategies?.map((s) => s.name) ?? [];
  return (
    <Panel
      id="panel-pauses"
      title="New entries"
      resource={resource}
      aside={resource.data && <span>{`${resource.data.pauses.length} paused`}</span>}
    >
      {(c) => (
        <div className="grid gap-2">
          <p className="text-xs text-slate-400">
            A pause stops new entries only; exits, stops and targets keep working.
          </p>
          <table className={stacked.table}>
            <caption className="sr-only">New entries per scope, paused or not</caption>
            <TableHead columns={COLUMNS} className={stacked.head} />
            <tbody>
              {pauseTargets(strategies, app.symbols, c.pauses).map((t) => (
                <PauseRow
                  key={keyOf(t)}
                  target={t}
                  pause={pauseOf(t, c.pauses)}
                  held={t.scope !== 'all' && pauseOf({ scope: 'all' }, c.pauses) !== undefined}
                  ready={app.mode !== undefined}
                  ask={ask}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function PauseRow({
  target: t,
  pause,
  held,
  ready,
  ask,
}: {
  target: PauseTarget;
  pause: ActivePause | undefined;
  /** Not paused itself, but everything is. */
  held: boolean;
  ready: boolean;
  ask: <T>(request: ConfirmRequest<T>) => void;
}) {
  const label = t.scope === 'all' ? 'Everything' : `${t.scope === 'strategy' ? 'Strategy' : 'Symbol'} ${t.target}`;
  return (
    <tr className={stacked.row} data-scope={keyOf(t)} data-paused={pause ? 'yes' : 'no'}>
      <td data-label="Scope" className={`${stacked.cell} font-semibold`}>
        {label}
      </td>
      <td data-label="State" className={stacked.cell}>
        {pause ? (
          <span className="grid justify-items-start gap-0.5">
            <Pill tone="warn">paused</Pill>
            <span className="text-xs text-slate-400">
              by {pause.pausedBy} since {formatDateTime(pause.pausedAt)}
            </span>
          </span>
        ) : held ? (
          <Pill tone="muted">held by the pause of everything</Pill>
        ) : (
          <Pill tone="ok">trading</Pill>
        )}
      </td>
      <td data-label="Action" className={`${stacked.cell} ${stacked.figure} ${stacked.wide}`}>
        <button
          type="button"
          disabled={!ready}
          className={button(!pause)}
          aria-label={`${pause ? 'Resume' : 'Pause'} ${label}`}
          onClick={() => (pause ? ask(resumeRequest(t, pause)) : ask(pauseRequest(t)))}
        >
          {pause ? 'Resume' : 'Pause'}
        </button>
      </td>
    </tr>
  );
}
