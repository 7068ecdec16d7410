import { AppDataProvider, useAppData } from './app-data';
import { LiveIndicator } from './components/live-indicator';
import { isFeedDown } from './components/feed-down';
import { MarketSource } from './components/market-source';
import { ModeBadge, ModeBanner } from './components/mode-badge';
import { Nav, PAGES } from './components/nav';
import { LiveProvider } from './live/live-context';
import { BacktestPage } from './pages/backtest/backtest-page';
import { ClosedTradesPage } from './pages/closed-trades/closed-trades-page';
import { ChartPage } from './pages/chart/chart-page';
import { ControlsPage } from './pages/controls/controls-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
import { LogsPage } from './pages/logs/logs-page';
import { NotTradedPage } from './pages/not-traded/not-traded-page';
import { OrderPage } from './pages/order/order-page';
import { ProfitPage } from './pages/profit/profit-page';
import { SettingsPage } from './pages/settings/settings-page';
import { StrategiesPage } from './pages/strategies/strategies-page';
import { ArenaPage } from './pages/arena/arena-page';
import { TradesPage } from './pages/trades/trades-page';
import { Link, useLocation } from './router';

export function App() {
  return (
    <LiveProvider>
      <AppDataProvider>
        <Shell />
      </AppDataProvider>
    </LiveProvider>
  );
}

function Shell() {
  const { path } = useLocation();
  const { mode, marketSource, health, gateway } = useAppData();
  const gatewayDown = health.data?.find((s) => s.name === 'gateway')?.state === 'down';
  const page = PAGES.find((p) => p.path === path);
  return (
    <div className="min-h-screen">
      <ModeBanner mode={mode} />
      <header className="mx-auto max-w-7xl px-4 pt-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-bold tracking-tight sm:text-2xl">
              <Link href="/" className="focus-visible:outline-2 focus-visible:outline-sky-400">
                RootTrading
              </Link>
            </h1>
            <ModeBadge mode={mode} />
            <MarketSource source={marketSource} gatewayDown={gatewayDown} feedDown={isFeedDown(gateway?.feed)} />
          </div>
          <LiveIndicator />
        </div>
        <div className="mt-3">
          <Nav current={path} />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-4" aria-label={page?.label ?? 'page not found'}>
        <Page path={path} />
      </main>
    </div>
  );
}

function Page({ path }: { path: string }) {
  switch (path) {
    case '/':
      return <DashboardPage />;
    case '/trades':
      return <TradesPage />;
    case '/closed-trades':
      return <ClosedTradesPage />;
    case '/profit':
      return <ProfitPage />;
    case '/order':
      return <OrderPage />;
    case '/chart':
      return <ChartPage />;
    case '/strategies':
      return <StrategiesPage />;
    case '/arena':
      return <ArenaPage />;
    case '/not-traded':
      return <NotTradedPage />;
    case '/backtest':
      return <BacktestPage />;
    case '/logs':
      return <LogsPage />;
    case '/settings':
      return <SettingsPage />;
    case '/controls':
      return <ControlsPage />;
    default:
      return (
        <p className="py-10 text-center text-slate-300">
          No page at {path}.{' '}
          <Link href="/" className="text-sky-300 underline">
            Back to the dashboard
          </Link>
        </p>
      );
  }
}
