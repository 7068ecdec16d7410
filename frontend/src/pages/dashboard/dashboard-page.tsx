import { loadBalances, loadLiveStats, loadPnl, loadPositions, loadSummary } from '../../api/endpoints';
import { useAppData } from '../../app-data';
import { FeedDownNotice } from '../../components/feed-down';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { EquityPanel } from './equity-panel';
import { HealthPanel } from './health-panel';
import { HoldingsPanel } from './holdings-panel';
import { PositionsPanel } from './positions-panel';
import { RiskPanel } from './risk-panel';
import { SummaryPanel } from './summary-panel';

/**
 * The page a trader keeps open: trading state, the money per quote currency, what is held, the
 * equity curve, open positions, and whether every part of the system is up. Each panel loads on
 * its own, so one missing service or endpoint never blanks the page.
 */
export function DashboardPage() {
  const { health } = useAppData();
  const refresh = useRefresh({ account: true });
  const summary = useResource('summary', loadSummary, refresh);
  const balances = useResource('balances', loadBalances, refresh);
  const pnl = useResource('pnl', loadPnl, refresh);
  const positions = useResource('positions', loadPositions, refresh);
  const stats = useResource('stats', loadLiveStats, refresh);

  return (
    <div className="grid gap-6">
      <FeedDownNotice />
      <RiskPanel resource={stats} />
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <SummaryPanel summary={summary} pnl={pnl} />
        <HoldingsPanel balances={balances} summary={summary.data} />
      </div>
      {/* Side by side only from 1536 px: at 1280 the positions table needs the whole width. */}
      <div className="grid items-start gap-6 2xl:grid-cols-2">
        <EquityPanel summary={summary} />
        <PositionsPanel resource={positions} />
      </div>
      <HealthPanel resource={health} />
    </div>
  );
}
