import { useState } from 'react';
import type { Summary } from '@roottrading/contracts';
import { loadEquity } from '../../api/endpoints';
import { Amount } from '../../components/amount';
import { CurrencySelect } from '../../components/currency-select';
import { Panel } from '../../components/panel';
import { EquityDrawdownChart } from '../../charts/equity-drawdown-chart';
import { formatPercent, ratio } from '../../format/decimal';
import { useRefresh, useResource, type Resource } from '../../hooks/use-resource';

/**
 * The value of the account over time in one quote currency and, in a pane below it, how far under
 * its peak so far it stood; with the largest fall from a peak.
 */
export function EquityPanel({ summary }: { summary: Resource<Summary> }) {
  const currencies = summary.data?.currencies.map((c) => c.currency) ?? [];
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const refresh = useRefresh({ account: true });
  const equity = useResource(
    currency ? `equity:${currency}` : null,
    (signal) => loadEquity(currency!, signal),
    refresh,
  );
  return (
    <Panel
      id="panel-equity"
      title="Equity curve"
      // Until the portfolio names its currencies, this panel shares the summary's loading or error state.
      resource={currency ? equity : { loading: summary.loading, error: summary.error, reload: summary.reload }}
      isEmpty={(e) => e.points.length < 2}
      empty="Not enough balance snapshots yet to draw a curve."
      aside={<CurrencySelect currencies={currencies} value={currency} onChange={setChosen} />}
    >
      {(e) => (
        <div className="grid gap-3">
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
            <div className="flex gap-2">
              <dt className="text-slate-400">Peak</dt>
              <dd>
                <Amount value={e.peak} currency={e.currency} />
              </dd>
            </div>
            <div className="flex gap-2" data-figure="max-drawdown">
              <dt className="text-slate-400">Max drawdown</dt>
              <dd className="font-mono text-red-300 tabular-nums">
                {formatPercent(e.maxDrawdown === null ? null : ratio(e.maxDrawdown, '1'), 2)}
                {e.maxDrawdownValue !== null && (
                  <span className="ml-2 text-slate-300">
                    (<Amount value={e.maxDrawdownValue} currency={e.currency} />)
                  </span>
                )}
              </dd>
            </div>
          </dl>
          {/* The first snapshot is the first peak: the fall below it shows from the start. */}
          <EquityDrawdownChart quote={e.currency} start={e.points[0]!.value} points={e.points} />
        </div>
      )}
    </Panel>
  );
}
