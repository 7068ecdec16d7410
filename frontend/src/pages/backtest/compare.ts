import type { BacktestRun } from '@roottrading/contracts';

/** A stored run's request as the service keeps it: what was asked, with every setting frozen at queue time. */
export interface StoredRequest {
  source?: string;
  from?: string;
  to?: string;
  label?: string;
  settings?: Record<string, string>;
}

export const requestOf = (run: BacktestRun): StoredRequest => (run.request ?? {}) as StoredRequest;

/** What a run was asked to do, as name → value: the source, the period and every setting. */
export function experimentOf(run: BacktestRun): Map<string, string> {
  const r = requestOf(run);
  const out = new Map<string, string>();
  out.set('source', r.source ?? 'database');
  out.set('from', r.from ?? 'start of the data');
  out.set('to', r.to ?? 'end of the data');
  for (const [k, v] of Object.entries(r.settings ?? {}).sort(([a], [b]) => a.localeCompare(b))) out.set(k, v);
  return out;
}

/**
 * The settings that differ between runs, one row each with every run's value (undefined where a
 * run has none: the service's default applied). What all runs share is left out: it explains nothing.
 */
export function differingSettings(runs: readonly BacktestRun[]): { name: string; values: (string | undefined)[] }[] {
  const experiments = runs.map(experimentOf);
  const names = [...new Set(experiments.flatMap((e) => [...e.keys()]))];
  return names
    .map((name) => ({ name, values: experiments.map((e) => e.get(name)) }))
    .filter((row) => new Set(row.values).size > 1);
}

/** Every quote currency in the runs' headlines, in order of first appearance. */
export function quotesOf(runs: readonly BacktestRun[]): string[] {
  return [...new Set(runs.flatMap((r) => r.headline?.map((h) => h.quote) ?? []))];
}

/** "sample week" or the id's first block: how a run is named on the page. */
export const runName = (run: Pick<BacktestRun, 'id' | 'label'>) => run.label || run.id.slice(0, 8);
