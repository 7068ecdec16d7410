import { useEffect, useMemo, useRef } from 'react';
import { AreaSeries, BaselineSeries, createChart, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { COLORS, darkChartOptions, equityAreaOptions } from './chart-theme';
import { lineData } from './line-data';
import { drawdownOf } from './drawdown';

interface Handles {
  chart: IChartApi;
  equity: ISeriesApi<'Area'>;
  drawdown: ISeriesApi<'Baseline'>;
}

/**
 * A run's equity in one quote currency, and below it (a second pane on the same time axis) how far
 * under its peak it was at each point: the drawdown the report's maximum is the deepest of.
 */
export function EquityDrawdownChart({
  quote,
  start,
  points,
}: {
  quote: string;
  /** The starting equity: the first peak. */
  start: string;
  points: readonly { time: string; value: string }[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<Handles | null>(null);
  const drawdown = useMemo(() => drawdownOf(start, points), [start, points]);
  const deepest = drawdown.reduce((low, p) => Math.min(low, p.pct), 0);

  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, darkChartOptions);
    const equity = chart.addSeries(AreaSeries, equityAreaOptions);
    const drawdown = chart.addSeries(
      BaselineSeries,
      {
        baseValue: { type: 'price', price: 0 },
        bottomLineColor: COLORS.down,
        bottomFillColor1: 'rgba(248, 113, 113, 0.05)',
        bottomFillColor2: 'rgba(248, 113, 113, 0.35)',
        topLineColor: COLORS.down,
        lineWidth: 1,
        priceFormat: { type: 'percent', precision: 2 },
      },
      1,
    );
    chart.panes()[0]?.setStretchFactor(3);
    chart.panes()[1]?.setStretchFactor(1);
    handles.current = { chart, equity, drawdown };
    return () => {
      handles.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const h = handles.current;
    if (!h) return;
    h.equity.setData(lineData(points));
    h.drawdown.setData(lineData(drawdown.map((p) => ({ time: p.time, value: p.pct }))));
    h.chart.timeScale().fitContent();
  }, [points, drawdown]);

  return (
    <div
      ref={container}
      className="h-72 w-full sm:h-96"
      role="img"
      aria-label={`equity in ${quote} over ${points.length} points, and its drawdown below (deepest ${(-deepest).toFixed(2)} %)`}
      data-equity-points={points.length}
      data-deepest-drawdown={(-deepest).toFixed(2)}
    />
  );
}
