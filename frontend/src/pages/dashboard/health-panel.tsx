import type { ReactNode } from 'react';
import type { GatewayDetails, ServiceHealth, ServiceState, TraderDetails } from '../../api/types';
import { Pill } from '../../components/badges';
import { describeSource } from '../../components/market-source';
import { Panel } from '../../components/panel';
import type { Resource } from '../../hooks/use-resource';
import { useLiveSelect } from '../../live/live-context';
import { formatDateTime, formatDuration } from '../../format/time';

const STATE_TONE: Record<ServiceState, 'ok' | 'warn' | 'bad'> = { up: 'ok', degraded: 'warn', down: 'bad' };
const DOT: Record<ServiceState, string> = { up: 'bg-emerald-400', degraded: 'bg-amber-400', down: 'bg-red-500' };

/** Each service, and what they depend on: Redis, PostgreSQL, the market feed, the live relay. */
export function HealthPanel({ resource }: { resource: Resource<ServiceHealth[]> }) {
  const up = resource.data?.filter((s) => s.state === 'up').length;
  return (
    <Panel
      id="panel-health"
      title="System health"
      resource={resource}
      isEmpty={(list) => list.length === 0}
      empty="No services configured."
      aside={up !== undefined && <span>{`${up} of ${resource.data?.length} services up`}</span>}
    >
      {(list) => (
        <div className="grid gap-4">
          <Dependencies list={list} />
          <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            {list.map((s) => (
              <ServiceCard key={s.name} service={s} />
            ))}
          </ul>
        </div>
      )}
    </Panel>
  );
}

function Dependencies({ list }: { list: ServiceHealth[] }) {
  const liveRedis = useLiveSelect((s) => (s.state.status === 'open' ? s.state.redis : 'unknown'));
  const reporting = list.filter((s) => s.health);
  const count = (dep: 'redis' | 'postgres') => reporting.filter((s) => s.health?.[dep] === 'up').length;
  const needsPg = reporting.filter((s) => s.health?.postgres !== 'n/a').length;
  const gateway = list.find((s) => s.name === 'gateway');
  const feed = (gateway?.health?.details as GatewayDetails | undefined)?.feed;
  const dep = (label: string, ok: number, of: number) => (
    <Dependency
      label={label}
      tone={of === 0 ? 'muted' : ok === of ? 'ok' : ok === 0 ? 'bad' : 'warn'}
      value={of === 0 ? 'unknown (no service answered)' : ok === of ? 'up' : `down for ${of - ok} of ${of} services`}
    />
  );
  return (
    <dl className="grid gap-2 sm:grid-cols-2 xl:grid-cols-4" aria-label="dependencies">
      {dep('Redis', count('redis'), reporting.length)}
      {dep('PostgreSQL', count('postgres'), needsPg)}
      <Dependency
        label="Market feed"
        tone={!feed ? 'bad' : feed.state === 'live' ? 'ok' : feed.state === 'finished' ? 'muted' : 'warn'}
        value={
          !feed
            ? 'unknown: the gateway is down'
            : `${feed.state ?? '?'}${feed.lastCandleAt ? ` · last candle ${formatDateTime(feed.lastCandleAt)}` : ''}`
        }
        title={feed?.lastError ?? undefined}
      />
      <Dependency
        label="Live updates"
        tone={liveRedis === 'up' ? 'ok' : liveRedis === 'down' ? 'bad' : 'muted'}
        value={
          liveRedis === 'up'
            ? 'web server relays Redis'
            : liveRedis === 'down'
              ? 'web server cannot reach Redis'
              : 'not connected'
        }
      />
    </dl>
  );
}

function Dependency({
  label,
  value,
  tone,
  title,
}: {
  label: string;
  value: string;
  tone: 'ok' | 'warn' | 'bad' | 'muted';
  title?: string;
}) {
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-950/60 px-3 py-2" title={title}>
      <dt className="mb-1 text-sm font-medium text-slate-200">{label}</dt>
      <dd>
        <Pill tone={tone}>{value}</Pill>
      </dd>
    </div>
  );
}

function ServiceCard({ service }: { service: ServiceHealth }) {
  const { name, state, health, reason } = service;
  return (
    <li
      className="rounded-lg border border-slate-800 bg-slate-950/60 p-3"
      aria-label={`${name} is ${state}`}
      data-service={name}
      data-state={state}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="flex items-center gap-2 font-medium text-slate-100">
          <span className={`h-2.5 w-2.5 rounded-full ${DOT[state]}`} aria-hidden />
          {name}
        </span>
        <Pill tone={STATE_TONE[state]}>{state.toUpperCase()}</Pill>
      </div>
      {health ? (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          <Row label="redis" bad={health.redis !== 'up'}>
            {health.redis}
          </Row>
          <Row label="postgres" bad={health.postgres === 'down'}>
            {health.postgres}
          </Row>
          <Row label="uptime">{formatDuration(health.uptimeSeconds)}</Row>
          <ServiceDetails name={name} details={health.details} />
        </dl>
      ) : (
        <p className="mt-2 text-xs text-red-300">{reason ?? `${name} did not answer`}</p>
      )}
    </li>
  );
}

function ServiceDetails({ name, details }: { name: ServiceHealth['name']; details: Record<string, unknown> }) {
  if (name === 'gateway') {
    const d = details as GatewayDetails;
    const source = describeSource(d.source);
    return (
      <>
        <Row label="source" strong>
          {source ? `${source.label} (${source.detail})` : 'not reported'}
        </Row>
        {d.replay && (
          <Row label="replay">
            {d.replay.done ? 'finished' : `${d.replay.published ?? '?'} of ${d.replay.total ?? '?'} candles`}
          </Row>
        )}
        {d.analyzerLag !== undefined && <Row label="analyzer lag">{`${d.analyzerLag} candles`}</Row>}
      </>
    );
  }
  if (name === 'trader') {
    const d = details as TraderDetails;
    return (
      <>
        <Row label="mode" strong>
          {d.mode ?? '?'}
        </Row>
        {d.streamLag !== undefined && <Row label="signal backlog">{describeLag(d.streamLag)}</Row>}
      </>
    );
  }
  if (name === 'analyzer' && typeof details.signalsEmitted === 'number') {
    return <Row label="signals sent">{String(details.signalsEmitted)}</Row>;
  }
  return null;
}

/** The trader's stream lag: a count, or `{ pending, undelivered }`. */
function describeLag(lag: unknown): string {
  if (typeof lag === 'number') return String(lag);
  if (lag && typeof lag === 'object') {
    return Object.entries(lag)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
  }
  return String(lag);
}

function Row({
  label,
  children,
  bad = false,
  strong = false,
}: {
  label: string;
  children: ReactNode;
  bad?: boolean;
  strong?: boolean;
}) {
  return (
    <>
      <dt className="text-slate-400">{label}</dt>
      <dd className={`truncate ${bad ? 'text-red-300' : strong ? 'font-semibold text-sky-300' : 'text-slate-200'}`}>
        {children}
      </dd>
    </>
  );
}
