import type { ExitReason } from '@roottrading/contracts';
import { closedTradesCsvUrl, loadClosedTrades, type ClosedTradesFilters } from '../../api/history';
import { FilterSelect } from '../../components/field';
import { HistoryFilterForm, historyFiltersOf, pageOf } from '../../components/history-filters';
import { PagedPanel } from '../../components/paged-panel';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useQueryState } from '../../router';
import { ClosedTradesTable } from './closed-trades-table';

export const CLOSED_TRADES_PER_PAGE = 25;

/** Every exit reason of the contract, in words (the compiler checks the list is complete). */
const EXIT_REASONS = {
  signal: 'signal',
  stop_loss: 'stop loss',
  take_profit: 'take profit',
  trailing_stop: 'trailing stop',
  manual: 'manual',
  kill_switch: 'kill switch',
  partial_take_profit: 'partial take profit',
  time_stop: 'time stop',
} satisfies Record<ExitReason, string>;

/**
 * Round trips (entry to the exit that made the position flat) with their result after fees,
 * filtered by closing day, symbol, strategy, exit reason and account; the CSV holds every match.
 */
export function ClosedTradesPage() {
  const [query, setQuery] = useQueryState();
  const filters: ClosedTradesFilters = { ...historyFiltersOf(query), exitReason: query.get('exitReason') || undefined };
  const page = pageOf(query.get('page'));
  const refresh = useRefresh({ account: true });
  const trades = useResource(
    JSON.stringify({ ...filters, page }),
    (signal) => loadClosedTrades({ ...filters, page, limit: CLOSED_TRADES_PER_PAGE }, signal),
    refresh,
  );
  // A filter changes the list: back to its first page.
  const filter = (name: string) => (value: string) => setQuery({ [name]: value, page: undefined });
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="grid gap-4">
      <HistoryFilterForm label="closed trade filters" filters={filters} onChange={filter}>
        <FilterSelect
          label="Exit reason"
          value={filters.exitReason ?? ''}
          options={Object.entries(EXIT_REASONS).map(([value, label]) => ({ value, label }))}
          allLabel="Every exit"
          onChange={filter('exitReason')}
        />
        <div className="flex items-end">
          <a
            href={closedTradesCsvUrl(filters)}
            download
            className="w-full rounded-md border border-sky-700 px-3 py-2 text-center text-sm font-semibold text-sky-200 hover:bg-sky-950"
          >
            Export CSV
          </a>
        </div>
      </HistoryFilterForm>
      <PagedPanel
        id="panel-closed-trades"
        title="Closed trades"
        resource={trades}
        noun="round trips"
        empty={filtered ? 'No closed trades match these filters.' : 'No closed trades yet.'}
        onPage={(n) => setQuery({ page: n > 1 ? String(n) : undefined })}
      >
        {(p) => <ClosedTradesTable trades={p.trades} />}
      </PagedPanel>
    </div>
  );
}
