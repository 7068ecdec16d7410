import { useEffect, useRef, useState } from 'react';
import { AreaSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { EquityCurve, Summary } from '@roottrading/contracts';
import { loadEquity } from '../../api/endpoints';
import { Amount } from '../../components/amount';
import { Panel } from '../../components/panel';
import { chartTime, COLORS, darkChartOptions } from '../../charts/chart-theme';
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
      aside={
        currencies.length > 1 && (
          <label className="flex items-center gap-2">
            <span>Currency</span>
            <select
              className="rounded border border-slate-600 bg-slate-950 px-2 py-1 text-slate-100"
              value={currency}
              onChange={(e) => setChosen(e.target.value)}
            >
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )
      }
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
    const series = api.addSeries(AreaSeries, {
      lineColor: COLORS.line,
      topColor: COLORS.area,
      bottomColor: 'rgba(56, 189, 248, 0)',
      lineWidth: 2,
    });
    chart.current = { api, series };
    return () => {
      chart.current = null;
      api.remove();
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    // One point per second at most, oldest first, as the chart requires; the latest value of a second wins.
    const bySecond = new Map<number, number>();
    for (const p of curve.points) {
      const ms = Date.parse(p.time);
      if (Number.isFinite(ms)) bySecond.set(chartTime(ms), Number(p.value));
    }
    const data = [...bySecond]
      .sort(([a], [b]) => a - b)
      .map(([time, value]) => ({ time: time as UTCTimestamp, value }));
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
