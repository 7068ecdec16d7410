import type { TradingMode } from '@roottrading/contracts';
import { loadAllHealth, loadBalances, loadSummary, loadTrades, REFRESH_MS } from './api';
import { BalancesPanel } from './components/balances-panel';
import { HealthPanel } from './components/health-panel';
import { ModeBadge, ModeBanner } from './components/mode-badge';
import { SummaryPanel } from './components/summary-panel';
import { TradesPanel } from './components/trades-panel';
import { useRefreshTick, useResource } from './use-resource';

export function App() {
  const tick = useRefreshTick();
  const summary = useResource(loadSummary, tick);
  const balances = useResource(loadBalances, tick);
  const trades = useResource(loadTrades, tick);
  const health = useResource(loadAllHealth, tick);
  const mode = tradingMode([summary.data?.mode, balances.data?.mode, trades.data?.mode]);

  return (
    <div className="min-h-screen">
      <ModeBanner mode={mode} />
      <header className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-4 pt-6 pb-2">
        <div className="flex items-center gap-4">
          <h1 className="text-2xl font-bold tracking-tight">RootTrading</h1>
          <ModeBadge mode={mode} />
        </div>
        <p className="text-xs text-slate-500">Refreshes every {REFRESH_MS / 1000} s</p>
      </header>
      <main className="mx-auto grid max-w-7xl gap-6 px-4 py-4">
        <HealthPanel resource={health} />
        <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <SummaryPanel resource={summary} />
          <BalancesPanel resource={balances} />
        </div>
        <TradesPanel resource={trades} />
      </main>
    </div>
  );
}

/** Live wins: if any answer says live, the page says live, so real money is never shown as a demo. */
function tradingMode(modes: (TradingMode | undefined)[]): TradingMode | undefined {
  if (modes.includes('live')) return 'live';
  if (modes.includes('demo')) return 'demo';
  return undefined;
}
