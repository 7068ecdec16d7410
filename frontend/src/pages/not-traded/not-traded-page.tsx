import type { RefusedSignalsPage } from '@roottrading/contracts';
import { loadRefusedSignals, type RefusedFilters } from '../../api/history';
import { Field, FilterSelect, inputClass } from '../../components/field';
import { HistoryFilterForm, historyFiltersOf, pageOf } from '../../components/history-filters';
import { PagedPanel } from '../../components/paged-panel';
import { Panel } from '../../components/panel';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useQueryState } from '../../router';
import { RefusedTable } from './refused-table';

export const REFUSED_PER_PAGE = 25;

/**
 * Why it did not trade: every signal whose order the trader refused or that had expired, with its
 * reason, and how often each reason came up (numbers as "#"). A reason's button filters by it.
 */
export function NotTradedPage() {
  const [query, setQuery] = useQueryState();
  const filters: RefusedFilters = {
    ...historyFiltersOf(query),
    status: query.get('status') || undefined,
    reason: query.get('reason') || undefined,
  };
  const page = pageOf(query.get('page'));
  const refresh = useRefresh({ account: true, signals: true });
  const refused = useResource(
    JSON.stringify({ ...filters, page }),
    (signal) => loadRefusedSignals({ ...filters, page, limit: REFUSED_PER_PAGE }, signal),
    refresh,
  );
  const filter = (name: string) => (value: string) => setQuery({ [name]: value, page: undefined });
  const filtered = Object.values(filters).some(Boolean);
  const empty = filtered ? 'No refused or expired signals match these filters.' : 'Every signal so far was traded.';

  return (
    <div className="grid gap-4">
      <HistoryFilterForm label="refused signal filters" filters={filters} onChange={filter}>
        <FilterSelect
          label="Outcome"
          value={filters.status ?? ''}
          options={[
            { value: 'rejected', label: 'Refused' },
            { value: 'expired', label: 'Expired' },
          ]}
          allLabel="Refused and expired"
          onChange={filter('status')}
        />
        <Field label="Reason contains">
          {(props) => (
            <input
              {...props}
              type="search"
              className={inputClass}
              placeholder="e.g. RISK_MAX"
              value={filters.reason ?? ''}
              onChange={(e) => filter('reason')(e.target.value)}
            />
          )}
        </Field>
      </HistoryFilterForm>
      <Panel
        id="panel-refused-reasons"
        title="Why it did not trade"
        resource={refused}
        isEmpty={(p) => p.total === 0}
        empty={empty}
        aside={refused.data && <span>{`${refused.data.total} signals · ${refused.data.mode} account`}</span>}
      >
        {(p) => <ReasonCounts body={p} active={filters.reason} onPick={filter('reason')} />}
      </Panel>
      <PagedPanel
        id="panel-refused"
        title="Signals not traded"
        resource={refused}
        noun="signals"
        empty={empty}
        onPage={(n) => setQuery({ page: n > 1 ? String(n) : undefined })}
      >
        {(p) => <RefusedTable signals={p.signals} />}
      </PagedPanel>
    </div>
  );
}

function ReasonCounts({
  body,
  active,
  onPick,
}: {
  body: RefusedSignalsPage;
  active?: string;
  onPick: (reason: string) => void;
}) {
  return (
    <ul className="grid gap-2" aria-label="reasons, most frequent first">
      {body.reasons.map((r) => {
        const on = active === r.reason;
        return (
          <li key={r.reason}>
            <button
              type="button"
              aria-pressed={on}
              onClick={() => onPick(on ? '' : r.reason)}
              className={`flex w-full items-baseline gap-3 rounded-md border px-3 py-2 text-left text-sm ${
                on ? 'border-sky-500 bg-sky-950/60' : 'border-slate-800 hover:bg-slate-800/60'
              }`}
            >
              <span className="w-14 shrink-0 text-right font-mono text-slate-100 tabular-nums">{r.count}</span>
              <span className="min-w-0 break-words text-slate-200">{r.reason}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
