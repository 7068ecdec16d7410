import type { ServiceHealth, ServiceState } from '../api';
import type { Resource } from '../use-resource';
import { Panel } from './panel';

const STATE_STYLE: Record<ServiceState, string> = {
  up: 'bg-emerald-500/15 text-emerald-300 ring-emerald-500/40',
  degraded: 'bg-amber-500/15 text-amber-300 ring-amber-500/40',
  down: 'bg-red-500/15 text-red-300 ring-red-500/40',
};

const DOT: Record<ServiceState, string> = { up: 'bg-emerald-400', degraded: 'bg-amber-400', down: 'bg-red-500' };

export function HealthPanel({ resource }: { resource: Resource<ServiceHealth[]> }) {
  const up = resource.data?.filter((s) => s.state === 'up').length;
  return (
    <Panel
      title="Services"
      source="the web server"
      resource={resource}
      isEmpty={(list) => list.length === 0}
      empty="No services configured."
      aside={up !== undefined && <span>{`${up} of ${resource.data?.length} up`}</span>}
    >
      {(list) => (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          {list.map((s) => (
            <ServiceCard key={s.name} service={s} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function ServiceCard({ service }: { service: ServiceHealth }) {
  const { name, state, health, reason } = service;
  const source = health?.details.source;
  return (
    <li className="rounded-lg border border-slate-800 bg-slate-950/60 p-3" aria-label={`${name} is ${state}`}>
      <div className="flex items-center justify-between gap-2">
        <span className="flex items-center gap-2 font-medium text-slate-100">
          <span className={`h-2.5 w-2.5 rounded-full ${DOT[state]}`} />
          {name}
        </span>
        <span className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ring-1 ${STATE_STYLE[state]}`}>
          {state}
        </span>
      </div>
      {health ? (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          <Row label="redis" value={health.redis} bad={health.redis !== 'up'} />
          <Row label="postgres" value={health.postgres} bad={health.postgres === 'down'} />
          <Row label="uptime" value={formatUptime(health.uptimeSeconds)} />
          {name === 'gateway' && (
            <Row label="source" value={source === undefined ? 'not reported' : describe(source)} strong />
          )}
        </dl>
      ) : (
        <p className="mt-2 text-xs text-red-300">{reason ?? `${name} did not answer`}</p>
      )}
    </li>
  );
}

function Row({
  label,
  value,
  bad = false,
  strong = false,
}: {
  label: string;
  value: string;
  bad?: boolean;
  strong?: boolean;
}) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd
        className={`truncate ${bad ? 'text-red-300' : strong ? 'font-semibold text-sky-300' : 'text-slate-300'}`}
        title={value}
      >
        {value}
      </dd>
    </>
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function formatUptime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${Math.floor(seconds % 60)}s`;
  return `${Math.floor(seconds)}s`;
}
