import { useMemo, useState } from 'react';
import { loadSignals } from '../../api/endpoints';
import type { SignalView } from '../../api/types';
import { SideBadge } from '../../components/badges';
import { Panel } from '../../components/panel';
import { formatPrice, symbolPrecision } from '../../format/precision';
import { formatDateTime, isoOf } from '../../format/time';
import { useMediaQuery, WIDE_QUERY } from '../../hooks/use-media-query';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useLiveSelect } from '../../live/live-context';

const FEED_SIZE = 50;
/** Signals a phone shows before "show more": fifty, each with its indicators, were six screens. */
export const PHONE_FEED_SIZE = 10;

interface FeedItem {
  id: string;
  strategy: string;
  symbol: string;
  side: string;
  /** The candle's open time (ms). */
  at: number;
  price: string;
  metadata: Record<string, unknown>;
}

/** Indicator values at four decimals: enough to see a crossing, not a wall of digits. */
export function formatIndicator(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The latest signals, stored ones from the analyzer merged with those pushed live, newest first. */
export function SignalFeed() {
  const refresh = useRefresh();
  const stored = useResource('signal-feed', (signal) => loadSignals({ limit: FEED_SIZE }, signal), refresh);
  const live = useLiveSelect((s) => s.signals);

  const items = useMemo(() => {
    const byId = new Map<string, FeedItem>();
    const add = (s: Pick<SignalView, 'id' | 'strategy' | 'symbol' | 'side' | 'price' | 'metadata'>, at: number) =>
      byId.set(s.id, {
        id: s.id,
        strategy: s.strategy,
        symbol: s.symbol,
        side: s.side,
        price: s.price,
        at,
        metadata: s.metadata,
      });
    for (const s of stored.data?.signals ?? []) add(s, Date.parse(s.timestamp));
    for (const s of live) add(s, s.timestamp);
    return [...byId.values()].sort((a, b) => b.at - a.at).slice(0, FEED_SIZE);
  }, [stored.data, live]);

  const wide = useMediaQuery(WIDE_QUERY);
  const [all, setAll] = useState(false);
  const shown = wide || all ? items : items.slice(0, PHONE_FEED_SIZE);

  return (
    <Panel
      id="panel-signal-feed"
      title="Recent signals"
      resource={{ ...stored, data: stored.data ? shown : undefined }}
      isEmpty={(list) => list.length === 0}
      empty="No signals yet."
      aside={<span>live</span>}
    >
      {(list) => (
        <>
          <ol className="grid gap-2 xl:max-h-[75vh] xl:overflow-y-auto xl:pr-1" aria-label="signals, newest first">
            {list.map((s) => (
              <SignalItem key={s.id} item={s} wide={wide} />
            ))}
          </ol>
          {list.length < items.length && (
            <button
              type="button"
              className="mt-3 w-full rounded-md border border-slate-700 py-2 text-sm text-slate-200 hover:bg-slate-800"
              onClick={() => setAll(true)}
            >
              Show {items.length - list.length} more
            </button>
          )}
        </>
      )}
    </Panel>
  );
}

/** One signal; on a phone its indicator values fold under a tap (they are most of its height). */
function SignalItem({ item: s, wide }: { item: FeedItem; wide: boolean }) {
  const values = (
    <dl className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
      {Object.entries(s.metadata).map(([k, v]) => (
        <div key={k}>
          <dt className="inline text-slate-400">{k}</dt>{' '}
          <dd className="inline font-mono text-slate-200 tabular-nums">{formatIndicator(v)}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <li className="rounded-lg border border-slate-800 bg-slate-950/60 p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="flex min-w-0 flex-wrap items-center gap-2">
          <SideBadge side={s.side} />
          <span className="font-semibold break-all">{s.strategy}</span>
          <span className="text-slate-400">{s.symbol}</span>
        </span>
        <span className="text-xs text-slate-400 tabular-nums" title={isoOf(s.at)}>
          {formatDateTime(s.at)}
        </span>
      </div>
      <p className="mt-1 text-xs text-slate-300">
        close{' '}
        <span className="font-mono text-slate-100 tabular-nums">
          {formatPrice(s.price, symbolPrecision(s.symbol, { prices: [s.price] }))}
        </span>
      </p>
      {wide ? (
        values
      ) : (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-400">indicators</summary>
          {values}
        </details>
      )}
    </li>
  );
}
