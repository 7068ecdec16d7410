import { useEffect, useRef } from 'react';
import { createChart, HistogramSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { ProfitBucket, ProfitPeriod } from '@roottrading/contracts';
import { COLORS, darkChartOptions } from '../../charts/chart-theme';
import { isNegative } from '../../format/decimal';

/**
 * Net profit per bucket in one quote currency, a bar each: green above zero, red below. Bucket
 * starts are UTC days, so they are drawn unshifted (the chart's axis reads UTC): a day's bar is
 * labelled with its UTC date in every time zone, as the buckets are cut.
 */
export function ProfitBars({
  currency,
  period,
  buckets,
}: {
  currency: string;
  period: ProfitPeriod;
  buckets: readonly ProfitBucket[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; series: ISeriesApi<'Histogram'> } | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const api = createChart(container.current, {
      ...darkChartOptions,
      // Bars at a readable width: a week of days must not become seven slabs across the screen.
      timeScale: { ...darkChartOptions.timeScale, timeVisible: false, barSpacing: 24, minBarSpacing: 2 },
    });
    const series = api.addSeries(HistogramSeries, { priceFormat: { type: 'price', precision: 2, minMove: 0.01 } });
    chart.current = { api, series };
    return () => {
      chart.current = null;
      api.remove();
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.series.setData(
      buckets.map((b) => ({
        time: (Date.parse(b.start) / 1000) as UTCTimestamp,
        // A float for drawing only; the figures beside the chart are the exact strings.
        value: Number(b.netPnl),
        color: isNegative(b.netPnl) ? COLORS.down : COLORS.up,
      })),
    );
    // Only as many as fit at that width are all shown at once; more are squeezed in (a year of days).
    if (buckets.length > 40) c.api.timeScale().fitContent();
    else c.api.timeScale().scrollToRealTime();
  }, [buckets]);

  return (
    <div
      ref={container}
      className="h-44 w-full sm:h-52"
      role="img"
      aria-label={`net profit in ${currency} per ${period}, ${buckets.length} bars`}
      data-profit-bars={currency}
    />
  );
}
