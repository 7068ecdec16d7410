import type { PnlResponse } from '@roottrading/contracts';
import { loadPnl, loadSignals, loadStrategies } from '../../api/endpoints';
import type { StrategiesResponse } from '../../api/types';
import { Amount } from '../../components/amount';
import { ErrorBox, Panel } from '../../components/panel';
import { formatPercent, ratio } from '../../format/decimal';
import { useRefresh, useResource, type Resource } from '../../hooks/use-resource';
import { SignalFeed } from './signal-feed';

/** Most signals counted per strategy: the analyzer's /signals gives at most this many. */
const COUNT_LIMIT = 500;

/** Each loaded strategy with its parameters, how often it signalled, what its trades made; and a live signal feed. */
export function StrategiesPage() {
  const tick = useRefresh();
  const strategies = useResource('strategies', loadStrategies, tick);
  const accountRefresh = useRefresh({ account: true });
  const pnl = useResource('pnl', loadPnl, accountRefresh);
  const names = strategies.data?.strategies.map((s) => s.name) ?? [];
  // Counts reload on the 10 s tick only: at replay speed, signals arrive faster than that is worth.
  const counts = useResource(
    names.length ? `signal-counts:${names.join(',')}` : null,
    async (signal) => {
      const lists = await Promise.all(names.map((strategy) => loadSignals({ strategy, limit: COUNT_LIMIT }, signal)));
      return new Map(names.map((n, i) => [n, lists[i]!.signals.length]));
    },
    tick,
  );

  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Panel
        id="panel-strategies"
        title="Loaded strategies"
        resource={strategies}
        isEmpty={(s) => s.strategies.length === 0}
        empty="The analyzer runs no strategy (STRATEGIES is empty)."
      >
        {(s) => (
          <div className="grid gap-4">
            {pnl.error && !pnl.data && <ErrorBox error={pnl.error} />}
            {s.strategies.map((st) => (
              <StrategyCard key={st.name} strategy={st} counts={counts} pnl={pnl} />
            ))}
          </div>
        )}
      </Panel>
      <SignalFeed />
    </div>
  );
}

function StrategyCard({
  strategy,
  counts,
  pnl,
}: {
  strategy: StrategiesResponse['strategies'][number];
  counts: Resource<Map<string, number>>;
  pnl: Resource<PnlResponse>;
}) {
  const count = counts.data?.get(strategy.name);
  const rows = pnl.data?.byStrategy.filter((r) => r.strategy === strategy.name) ?? [];
  return (
    <article
      className="rounded-lg border border-slate-800 bg-slate-950/60 p-4"
      aria-label={`strategy ${strategy.name}`}
      data-strategy={strategy.name}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold text-slate-100">{strategy.name}</h3>
        <span className="text-xs text-slate-400" title="signals stored by the analyzer">
          {count === undefined
            ? counts.error
              ? `signals: ${counts.error.message}`
              : 'signals: …'
            : `${count >= COUNT_LIMIT ? `${COUNT_LIMIT}+` : count} signals`}
        </span>
      </header>
      {strategy.description && <p className="mt-1 text-sm text-slate-300">{strategy.description}</p>}
      <dl className="mt-3 flex flex-wrap gap-2 text-xs">
        {Object.entries(strategy.params).map(([k, v]) => (
          <div key={k} className="rounded bg-slate-800 px-2 py-1">
            <dt className="inline text-slate-400">{k}</dt>{' '}
            <dd className="inline font-mono text-slate-100">{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
        {strategy.warmupCandles !== undefined && (
          <div className="rounded bg-slate-800 px-2 py-1">
            <dt className="inline text-slate-400">warm-up</dt>{' '}
            <dd className="inline font-mono text-slate-100">{strategy.warmupCandles} candles</dd>
          </div>
        )}
      </dl>
      <div className="mt-3 overflow-x-auto">
        {pnl.data === undefined ? (
          <p className="text-xs text-slate-400">
            {pnl.error ? `Trades and P&L unavailable: ${pnl.error.message}` : 'Loading trades and P&L…'}
          </p>
        ) : rows.length === 0 ? (
          <p className="text-xs text-slate-400">No closed trades yet.</p>
        ) : (
          <table className="w-full text-sm whitespace-nowrap">
            <thead>
              <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-400 uppercase">
                <th className="py-1.5 pr-4 text-right font-medium">Trades</th>
                <th className="py-1.5 pr-4 text-right font-medium">Win rate</th>
                <th className="py-1.5 pr-4 text-right font-medium">Net P&amp;L</th>
                <th className="py-1.5 text-right font-medium">Fees</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.currency} data-currency={r.currency}>
                  <td className="py-1.5 pr-4 text-right font-mono tabular-nums">{r.trades}</td>
                  <td className="py-1.5 pr-4 text-right font-mono tabular-nums">
                    {formatPercent(r.winRate === null ? null : ratio(r.winRate, '1'), 1)}
                  </td>
                  <td className="py-1.5 pr-4 text-right">
                    <Amount value={r.netPnl} currency={r.currency} signed />
                  </td>
                  <td className="py-1.5 text-right">
                    <Amount value={r.fees} currency={r.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </article>
  );
}
