import type { ReactNode } from 'react';
import type { LiveStats } from '@roottrading/contracts';
import { Pill } from '../../components/badges';
import { Panel } from '../../components/panel';
import { formatPercent, ratio } from '../../format/decimal';
import { formatDateTime } from '../../format/time';
import type { Resource } from '../../hooks/use-resource';
import { Link } from '../../router';

/** Kill switch and pauses first (they stop trading), then the day's figures, from /stats/live. */
export function RiskPanel({ resource }: { resource: Resource<LiveStats> }) {
  return (
    <Panel
      id="panel-risk"
      title="Trading state"
      resource={resource}
      aside={
        <Link href="/controls" className="text-sky-300 underline hover:text-sky-200">
          Pause, resume, reset
        </Link>
      }
    >
      {(s) => (
        <div className="grid gap-3">
          <KillSwitch stats={s} />
          <Pauses stats={s} />
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
            <Figure label={`Signals${s.day ? ` (${s.day})` : ' today'}`}>{s.signalsToday}</Figure>
            <Figure label="Trades today">{s.tradesToday}</Figure>
            <Figure label="Trades in total">{s.tradesTotal}</Figure>
            <Figure label="Win rate">{formatPercent(s.winRate === null ? null : ratio(s.winRate, '1'), 1)}</Figure>
            <Figure label="Open positions">{s.openPositions}</Figure>
          </dl>
        </div>
      )}
    </Panel>
  );
}

function KillSwitch({ stats }: { stats: LiveStats }) {
  const k = stats.killSwitch;
  if (k.active) {
    return (
      <div role="alert" className="rounded-md border-2 border-red-500 bg-red-950/60 px-3 py-2 text-sm text-red-100">
        <p className="font-bold">KILL SWITCH TRIPPED: new entries are refused</p>
        <p>
          {k.reason ?? 'no reason recorded'}
          {k.trippedAt && ` · since ${formatDateTime(k.trippedAt)}`}
        </p>
        <p className="mt-1 text-xs text-red-200/80">Only an explicit reset on the trader clears it.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-300">Kill switch</span>
      <Pill tone="ok">armed, not tripped</Pill>
      {k.resetAt && (
        <span className="text-xs text-slate-400">
          last reset {formatDateTime(k.resetAt)}
          {k.resetBy && ` by ${k.resetBy}`}
        </span>
      )}
    </div>
  );
}

function Pauses({ stats }: { stats: LiveStats }) {
  if (stats.pauses.length === 0) {
    return (
      <div className="flex items-center gap-2 text-sm">
        <span className="text-slate-300">New entries</span>
        <Pill tone="ok">not paused</Pill>
      </div>
    );
  }
  return (
    <div role="status" className="rounded-md border border-amber-600 bg-amber-950/40 px-3 py-2 text-sm text-amber-100">
      <p className="font-semibold">New entries paused</p>
      <ul className="mt-1 list-disc pl-5">
        {stats.pauses.map((p) => (
          <li key={`${p.scope}:${p.target ?? ''}`}>
            {p.scope === 'all' ? 'everything' : `${p.scope} ${p.target}`} · by {p.pausedBy} since{' '}
            {formatDateTime(p.pausedAt)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-950/60 px-3 py-2">
      <dt className="text-xs text-slate-400">{label}</dt>
      <dd className="font-mono text-lg text-slate-100 tabular-nums">{children}</dd>
    </div>
  );
}
