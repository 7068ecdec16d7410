import { useEffect, useRef } from 'react';
import { createChart, LineSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { darkChartOptions } from '../../charts/chart-theme';
import { lineData } from '../../charts/line-data';

/** One colour per instance, in ranking order (then round again). */
export const INSTANCE_COLORS = ['#38bdf8', '#f472b6', '#34d399', '#fbbf24', '#a78bfa', '#fb7185', '#2dd4bf', '#f97316'];

export interface ArenaCurve {
  name: string;
  color: string;
  /** Return on the budget in %, over candle time. */
  points: readonly { time: string; value: number }[];
}

/**
 * The instances of one quote currency overlaid: each one's return on its own budget, in %, so
 * instances with different capital compare on one axis.
 */
export function ArenaChart({ quote, curves }: { quote: string; curves: readonly ArenaCurve[] }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef(new Map<string, ISeriesApi<'Line'>>());

  useEffect(() => {
    if (!container.current) return;
    chart.current = createChart(container.current, darkChartOptions);
    const drawn = series.current;
    return () => {
      drawn.clear();
      chart.current?.remove();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const drawn = series.current;
    for (const [name, s] of drawn) {
      if (!curves.some((curve) => curve.name === name)) {
        c.removeSeries(s);
        drawn.delete(name);
      }
    }
    for (const curve of curves) {
      let s = drawn.get(curve.name);
      if (!s) {
        s = c.addSeries(LineSeries, {
          color: curve.color,
          lineWidth: 2,
          title: curve.name,
          priceFormat: { type: 'percent', precision: 2 },
        });
        drawn.set(curve.name, s);
      }
      s.setData(lineData(curve.points));
    }
    c.timeScale().fitContent();
  }, [curves]);

  return (
    <div
      ref={container}
      className="h-64 w-full"
      role="img"
      aria-label={`return on budget in ${quote}, one line per instance: ${curves.map((c) => c.name).join(', ')}`}
      data-arena-chart={quote}
    />
  );
}
