import type { BacktestTrade, ExitReason, Side } from '@roottrading/contracts';
import { loadBacktest } from '../../api/endpoints';
import { Pagination } from '../../components/pagination';
import { Panel } from '../../components/panel';
import { useResource } from '../../hooks/use-resource';
import { TRADES_PER_PAGE } from '../trades/trades-page';
import { TradesTable, type TableTrade } from '../trades/trades-table';

/** A backtest's trade as the trades table and the chart's marks take it: its sequence number is its id. */
export function tableTradeOf(t: BacktestTrade): TableTrade {
  return {
    id: String(t.seq),
    symbol: t.symbol,
    side: t.side as Side,
    price: t.price,
    quantity: t.quantity,
    quoteQuantity: t.quoteQuantity,
    fee: t.fee,
    feeCurrency: t.feeCurrency,
    strategy: t.strategy,
    exitReason: t.exitReason as ExitReason | null,
    realizedPnl: t.realizedPnl,
    timestamp: t.time,
  };
}

/** A run's trades in the order they were made, a page at a time (the run is finished: nothing to refresh). */
export function BacktestTrades({
  runId,
  page,
  onPage,
}: {
  runId: string;
  page: number;
  onPage: (page: number) => void;
}) {
  const trades = useResource(`backtest-trades:${runId}:${page}`, (signal) =>
    loadBacktest(runId, { page, limit: TRADES_PER_PAGE }, signal),
  );
  return (
    <Panel
      id="panel-backtest-trades"
      title="Trades"
      resource={trades}
      isEmpty={(d) => d.trades.total === 0}
      empty="This run made no trades."
      aside={trades.data && <span>{trades.data.trades.total} in total</span>}
    >
      {(d) => (
        <>
          <div className={trades.loading ? 'opacity-60 transition-opacity' : undefined}>
            <TradesTable trades={d.trades.items.map(tableTradeOf)} caption="Trades, in the order the run made them" />
          </div>
          <Pagination
            page={d.trades.page}
            pages={d.trades.pages}
            total={d.trades.total}
            noun="trades"
            disabled={trades.loading}
            onPage={onPage}
          />
        </>
      )}
    </Panel>
  );
}
