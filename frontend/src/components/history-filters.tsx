import type { ReactNode } from 'react';
import type { HistoryFilters } from '../api/history';
import { useAppData } from '../app-data';
import { Field, FilterSelect, inputClass } from './field';

/** The strategy name the trader gives manual orders. */
export const MANUAL_STRATEGY = 'manual';

/** A page number from the URL: a whole number from 1, else 1. */
export function pageOf(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The shared filters as the URL holds them. */
export function historyFiltersOf(query: URLSearchParams): HistoryFilters {
  const get = (k: string) => query.get(k) || undefined;
  return { from: get('from'), to: get('to'), symbol: get('symbol'), strategy: get('strategy'), mode: get('mode') };
}

/**
 * Date range (UTC days, both included), symbol, strategy and account for a history list; `children`
 * are the list's own filters. Every change goes to the URL, so a filtered view can be bookmarked.
 */
export function HistoryFilterForm({
  label,
  filters,
  onChange,
  dates = true,
  children,
}: {
  label: string;
  filters: HistoryFilters;
  onChange: (name: string) => (value: string) => void;
  /** False for a list the service cannot filter by time (the trades). */
  dates?: boolean;
  children?: ReactNode;
}) {
  const { symbols, analyzer } = useAppData();
  const strategies = [MANUAL_STRATEGY, ...(analyzer?.strategies?.map((s) => s.name) ?? [])];
  const date = (name: 'from' | 'to', text: string) => (
    <Field label={text} hint="UTC day">
      {(props) => (
        <input
          {...props}
          type="date"
          className={inputClass}
          value={filters[name] ?? ''}
          onChange={(e) => onChange(name)(e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <form
      aria-label={label}
      className={`grid grid-cols-2 gap-3 rounded-xl border border-slate-800 bg-slate-900/60 p-4 md:grid-cols-4 ${dates ? 'xl:grid-cols-7' : ''}`}
      onSubmit={(e) => e.preventDefault()}
    >
      {dates && date('from', 'From')}
      {dates && date('to', 'To')}
      <FilterSelect
        label="Symbol"
        value={filters.symbol ?? ''}
        options={symbols}
        allLabel="All symbols"
        onChange={onChange('symbol')}
      />
      <FilterSelect
        label="Strategy"
        value={filters.strategy ?? ''}
        options={strategies}
        allLabel="All strategies"
        onChange={onChange('strategy')}
      />
      <FilterSelect
        label="Account"
        value={filters.mode ?? ''}
        options={[
          { value: 'demo', label: 'Demo' },
          { value: 'live', label: 'Live' },
        ]}
        allLabel="The running mode's"
        onChange={onChange('mode')}
      />
      {children}
    </form>
  );
}
