import { loadPnl, loadSignals, loadStrategies } from '../../api/endpoints';
import { ErrorBox, Panel } from '../../components/panel';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { SignalFeed } from './signal-feed';
import { COUNT_LIMIT, StrategyCard } from './strategy-card';

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
          <div className="grid gap-2 sm:gap-3">
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
