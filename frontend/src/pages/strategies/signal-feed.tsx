import { useMemo } from 'react';
import { loadSignals } from '../../api/endpoints';
import type { SignalView } from '../../api/types';
import { SideBadge } from '../../components/badges';
import { Panel } from '../../components/panel';
import { formatPrice, symbolPrecision } from '../../format/precision';
import { formatDateTime, isoOf } from '../../format/time';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useLiveSelect } from '../../live/live-context';

const FEED_SIZE = 50;

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

  return (
    <Panel
      id="panel-signal-feed"
      title="Recent signals"
      resource={{ ...stored, data: stored.data ? items : undefined }}
      isEmpty={(list) => list.length === 0}
      empty="No signals yet."
      aside={<span>live</span>}
    >
      {(list) => (
        <ol className="grid gap-2 xl:max-h-[75vh] xl:overflow-y-auto xl:pr-1" aria-label="signals, newest first">
          {list.map((s) => (
            <li key={s.id} className="rounded-lg border border-slate-800 bg-slate-950/60 p-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="flex items-center gap-2">
                  <SideBadge side={s.side} />
                  <span className="font-semibold">{s.strategy}</span>
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
              <dl className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
                {Object.entries(s.metadata).map(([k, v]) => (
                  <div key={k}>
                    <dt className="inline text-slate-400">{k}</dt>{' '}
                    <dd className="inline font-mono text-slate-200 tabular-nums">{formatIndicator(v)}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
