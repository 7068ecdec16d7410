import { useEffect, useRef, useState } from 'react';
import { AreaSeries, createChart, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import type { EquityCurve, Summary } from '@roottrading/contracts';
import { loadEquity } from '../../api/endpoints';
import { Amount } from '../../components/amount';
import { CurrencySelect } from '../../components/currency-select';
import { Panel } from '../../components/panel';
import { darkChartOptions, equityAreaOptions } from '../../charts/chart-theme';
import { lineData } from '../../charts/line-data';
import { formatPercent, ratio } from '../../format/decimal';
import { useRefresh, useResource, type Resource } from '../../hooks/use-resource';

/** The value of the account over time in one quote currency, with its largest fall from a peak. */
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
          <EquityChart curve={e} />
        </div>
      )}
    </Panel>
  );
}

function EquityChart({ curve }: { curve: EquityCurve }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; series: ISeriesApi<'Area'> } | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const api = createChart(container.current, {
      ...darkChartOptions,
      timeScale: { ...darkChartOptions.timeScale, secondsVisible: false },
    });
    const series = api.addSeries(AreaSeries, equityAreaOptions);
    chart.current = { api, series };
    return () => {
      chart.current = null;
      api.remove();
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const data = lineData(curve.points);
    const first = c.series.data().length === 0;
    c.series.setData(data);
    if (first) c.api.timeScale().fitContent();
  }, [curve]);

  return (
    <div
      ref={container}
      className="h-56 w-full sm:h-64"
      role="img"
      aria-label={`equity in ${curve.currency} over ${curve.points.length} snapshots`}
    />
  );
}
