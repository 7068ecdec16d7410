import { loadTrades, type TradesQuery } from '../../api/endpoints';
import { FilterSelect } from '../../components/field';
import { HistoryFilterForm, pageOf } from '../../components/history-filters';
import { PagedPanel } from '../../components/paged-panel';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useQueryState } from '../../router';
import { TradesTable } from './trades-table';

export const TRADES_PER_PAGE = 25;

/** The trade history, newest first, with filters kept in the URL so a filtered view can be bookmarked. */
export function TradesPage() {
  const [query, setQuery] = useQueryState();
  const filters: TradesQuery = {
    page: pageOf(query.get('page')),
    limit: TRADES_PER_PAGE,
    symbol: query.get('symbol') ?? undefined,
    side: query.get('side') ?? undefined,
    strategy: query.get('strategy') ?? undefined,
    mode: query.get('mode') ?? undefined,
  };
  const refresh = useRefresh({ account: true });
  const key = JSON.stringify(filters);
  const trades = useResource(key, (signal) => loadTrades(filters, signal), refresh);
  // A filter changes the list: back to its first page.
  const filter = (name: string) => (value: string) => setQuery({ [name]: value, page: undefined });
  const filtered = Boolean(filters.symbol || filters.side || filters.strategy || filters.mode);

  return (
    <div className="grid gap-4">
      <HistoryFilterForm label="trade filters" filters={filters} onChange={filter} dates={false}>
        <FilterSelect
          label="Side"
          value={filters.side ?? ''}
          options={['BUY', 'SELL']}
          allLabel="Buys and sells"
          onChange={filter('side')}
        />
      </HistoryFilterForm>
      <PagedPanel
        id="panel-trades"
        title="Trades"
        resource={trades}
        noun="trades"
        empty={filtered ? 'No trades match these filters.' : 'No trades yet.'}
        onPage={(n) => setQuery({ page: n > 1 ? String(n) : undefined })}
      >
        {(p) => <TradesTable trades={p.trades} />}
      </PagedPanel>
    </div>
  );
}
