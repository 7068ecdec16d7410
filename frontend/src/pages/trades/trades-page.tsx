import { loadTrades, type TradesQuery } from '../../api/endpoints';
import { useAppData } from '../../app-data';
import { FilterSelect } from '../../components/field';
import { Pagination } from '../../components/pagination';
import { Panel } from '../../components/panel';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useQueryState } from '../../router';
import { TradesTable } from './trades-table';

export const TRADES_PER_PAGE = 25;

/** The strategy name the trader gives manual orders. */
export const MANUAL_STRATEGY = 'manual';

function pageOf(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The trade history, newest first, with filters kept in the URL so a filtered view can be bookmarked. */
export function TradesPage() {
  const { symbols, analyzer } = useAppData();
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
  const strategies = [MANUAL_STRATEGY, ...(analyzer?.strategies?.map((s) => s.name) ?? [])];
  // A filter changes the list: back to its first page.
  const filter = (name: string) => (value: string) => setQuery({ [name]: value, page: undefined });
  const filtered = Boolean(filters.symbol || filters.side || filters.strategy || filters.mode);

  return (
    <div className="grid gap-4">
      <form
        aria-label="trade filters"
        className="grid grid-cols-2 gap-3 rounded-xl border border-slate-800 bg-slate-900/60 p-4 md:grid-cols-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <FilterSelect
          label="Symbol"
          value={filters.symbol ?? ''}
          options={symbols}
          allLabel="All symbols"
          onChange={filter('symbol')}
        />
        <FilterSelect
          label="Side"
          value={filters.side ?? ''}
          options={['BUY', 'SELL']}
          allLabel="Buys and sells"
          onChange={filter('side')}
        />
        <FilterSelect
          label="Strategy"
          value={filters.strategy ?? ''}
          options={strategies}
          allLabel="All strategies"
          onChange={filter('strategy')}
        />
        <FilterSelect
          label="Account"
          value={filters.mode ?? ''}
          options={[
            { value: 'demo', label: 'Demo' },
            { value: 'live', label: 'Live' },
          ]}
          allLabel="The running mode's"
          onChange={filter('mode')}
        />
      </form>
      <Panel
        id="panel-trades"
        title="Trades"
        resource={trades}
        isEmpty={(p) => p.total === 0}
        empty={filtered ? 'No trades match these filters.' : 'No trades yet.'}
        aside={trades.data && <span>{`${trades.data.total} in total · ${trades.data.mode} account`}</span>}
      >
        {(p) => (
          <>
            <div className={trades.loading ? 'opacity-60 transition-opacity' : undefined}>
              <TradesTable trades={p.trades} />
            </div>
            <Pagination
              page={p.page}
              pages={p.pages}
              total={p.total}
              noun="trades"
              disabled={trades.loading}
              onPage={(page) => setQuery({ page: page > 1 ? String(page) : undefined })}
            />
          </>
        )}
      </Panel>
    </div>
  );
}
