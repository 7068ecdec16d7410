import { useCallback } from 'react';
import type { AssetBalance } from '@roottrading/contracts';
import { loadBalances, loadOpenOrders, loadTrades } from '../../api/endpoints';
import { useAppData } from '../../app-data';
import { Amount } from '../../components/amount';
import { Panel } from '../../components/panel';
import { useConfirmedAction } from '../../hooks/use-confirmed-action';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useLiveSelect, useLiveStore } from '../../live/live-context';
import { TradesTable } from '../trades/trades-table';
import { OpenOrdersPanel } from './open-orders-panel';
import { OrderForm, type LastPrice } from './order-form';

/** The order ticket, with the balances it draws on, the orders resting and the latest trades it adds to. */
export function OrderPage() {
  const app = useAppData();
  const live = useLiveStore();
  const refresh = useRefresh({ account: true });
  const balances = useResource('balances', loadBalances, refresh);
  const trades = useResource('recent-trades', (signal) => loadTrades({ page: 1, limit: 10 }, signal), refresh);
  const openOrders = useResource('open-orders', loadOpenOrders, refresh);
  const liveCandles = useLiveSelect((s) => s.candles);
  const liveReceived = useLiveSelect((s) => s.candleReceivedAt);
  const liveBalances = useLiveSelect((s) => s.balances);

  // The trader fills at its last price; a candle pushed since is at least as new.
  const lastPrices: Record<string, LastPrice> = {};
  const loadedAt = app.health.updatedAt?.getTime() ?? Date.now();
  for (const [symbol, p] of Object.entries(app.trader?.lastPrices ?? {})) {
    lastPrices[symbol] = { price: p.price, candleCloseTime: p.candleCloseTime, receivedAt: loadedAt - p.ageMs };
  }
  for (const [symbol, c] of liveCandles) {
    const known = lastPrices[symbol];
    if (!known || c.closeTime >= known.candleCloseTime) {
      lastPrices[symbol] = { price: c.close, candleCloseTime: c.closeTime, receivedAt: liveReceived.get(symbol) };
    }
  }

  // The newer of the portfolio's answer and the balances pushed live.
  const fetchedAt = balances.data?.updatedAt ? Date.parse(balances.data.updatedAt) : -Infinity;
  const currentBalances: AssetBalance[] | undefined =
    liveBalances && liveBalances.timestamp >= fetchedAt ? liveBalances.balances : balances.data?.balances;

  const reloadBalances = balances.reload;
  const reloadTrades = trades.reload;
  const reloadOpen = openOrders.reload;
  const accountMoved = useCallback(() => {
    // Our own order or cancel: reload now, and let every other panel know the account moved.
    reloadBalances();
    reloadTrades();
    reloadOpen();
    live.accountChanged();
  }, [reloadBalances, reloadTrades, reloadOpen, live]);
  const { ask, dialog, notice } = useConfirmedAction(accountMoved);

  return (
    <div className="grid gap-6">
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section
          aria-labelledby="order-title"
          className="rounded-xl border border-slate-800 bg-slate-900/60 p-4 shadow-sm"
        >
          <h2 id="order-title" className="mb-4 text-sm font-semibold tracking-wide text-slate-200 uppercase">
            Manual order
          </h2>
          <OrderForm
            symbols={app.symbols}
            mode={app.mode}
            lastPrices={lastPrices}
            balances={currentBalances}
            recentTrades={trades.data?.trades}
            onAccepted={accountMoved}
          />
        </section>
        <Panel
          id="panel-order-balances"
          title="Balances"
          resource={balances}
          isEmpty={() => (currentBalances ?? []).length === 0}
          empty="No balances yet: the trader has not published its account."
        >
          {() => (
            <table className="w-full text-sm">
              <caption className="sr-only">Free balance per asset</caption>
              <thead>
                <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-400 uppercase">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Asset
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    Free
                  </th>
                </tr>
              </thead>
              <tbody>
                {(currentBalances ?? []).map((b) => (
                  <tr key={b.asset} className="border-b border-slate-800/60 last:border-0" data-asset={b.asset}>
                    <td className="py-2 pr-4 font-semibold">{b.asset}</td>
                    <td className="py-2 text-right">
                      <Amount value={b.free} currency={b.asset} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
      <OpenOrdersPanel resource={openOrders} ask={ask} notice={notice} />
      {dialog}
      <Panel
        id="panel-order-trades"
        title="Latest trades"
        resource={trades}
        isEmpty={(p) => p.trades.length === 0}
        empty="No trades yet."
      >
        {(p) => <TradesTable trades={p.trades} />}
      </Panel>
    </div>
  );
}
