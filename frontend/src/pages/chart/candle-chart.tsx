import { useEffect, useRef, useState } from 'react';
import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LogicalRange,
  type Time,
} from 'lightweight-charts';
import { chartTime, COLORS, darkChartOptions } from '../../charts/chart-theme';
import { formatPrice, type SymbolPrecision } from '../../format/precision';
import { prependedCount, type ChartBar } from './chart-bars';
import { ChartLegend } from './chart-legend';
import { markStyle, type ChartMark } from './chart-markers';
import { syncOverlays, syncPriceLines, toBar, toSeriesMarker, toVolume } from './chart-series';
import type { Overlay } from './overlays';
import type { PositionLine } from './position-lines';

export type { ChartBar, ChartCandle } from './chart-bars';

interface Handles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  markers: ISeriesMarkersPluginApi<Time>;
  overlays: Map<string, { series: ISeriesApi<'Line'>; levels: IPriceLine[]; pane: number }>;
  priceLines: IPriceLine[];
}

/** Bars on screen when a symbol is first shown: enough to read, not so many they turn to lines. */
const INITIAL_BARS = 150;
const MIN_FRAMED_BARS = 60;
/** Older history is asked for once the view comes this many bars from the first one held. */
const LEFT_EDGE_BARS = 20;

/**
 * The first view of a symbol: the latest INITIAL_BARS candles, the newest at the right edge. Done again on the next frame, since a chart laid out a moment ago may not
 * have its final width yet and would keep the default bar spacing.
 */
function frameLatest(chart: IChartApi, bars: number, most: number): void {
  // At least MIN_FRAMED_BARS wide, so a handful of candles are not drawn a hundred pixels thick.
  const span = Math.min(most, Math.max(bars, MIN_FRAMED_BARS));
  const frame = () => chart.timeScale().setVisibleLogicalRange({ from: bars - span, to: bars + 2 });
  frame();
  requestAnimationFrame(frame);
}

interface Tooltip {
  x: number;
  y: number;
  marks: ChartMark[];
}

/**
 * Candlesticks with volume in a pane below, signals (arrows), entries and exits by reason on the
 * candles, the strategies' overlays (RSI in a pane of its own), an open position's levels as price
 * lines, an OHLC and volume legend following the cursor and a tooltip naming each mark's strategy.
 * `history` replaces the data, keeping the user's view (shifted by the bars an older page put in
 * front); `live` bars, in time order, update or append bars as they arrive — every one of them.
 */
export function CandleChart({
  viewKey,
  history,
  live = [],
  marks,
  precision,
  framedBars = INITIAL_BARS,
  overlays = [],
  lines = [],
  onLeftEdge,
}: {
  /** When it changes, the view is reset (zoomed to the latest candles); otherwise the user's zoom is kept. */
  viewKey: string;
  history: readonly ChartBar[];
  /** Bars from the live stream, in time order, from the history's last bar on. */
  live?: readonly ChartBar[];
  marks: readonly ChartMark[];
  precision: SymbolPrecision;
  /** How many of the latest candles a new view shows (a backtest's page of candles: all of them). */
  framedBars?: number;
  overlays?: readonly Overlay[];
  lines?: readonly PositionLine[];
  /** The view came near the oldest bar held: time to load an older page. */
  onLeftEdge?: () => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<Handles | null>(null);
  const shownKey = useRef<string | null>(null);
  const shownHistory = useRef<readonly ChartBar[]>([]);
  const lastBarTime = useRef<number>(-Infinity);
  const marksByTime = useRef(new Map<number, ChartMark[]>());
  const barsByTime = useRef(new Map<number, ChartBar>());
  const leftEdge = useRef(onLeftEdge);
  leftEdge.current = onLeftEdge;
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);
  const [hovered, setHovered] = useState<ChartBar | undefined>(undefined);
  const [latest, setLatest] = useState<ChartBar | undefined>(undefined);

  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, darkChartOptions);
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: COLORS.up,
      downColor: COLORS.down,
      borderVisible: false,
      wickUpColor: COLORS.up,
      wickDownColor: COLORS.down,
    });
    const volume = chart.addSeries(
      HistogramSeries,
      { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false },
      1,
    );
    chart.panes()[0]?.setStretchFactor(4);
    chart.panes()[1]?.setStretchFactor(1);
    const markers = createSeriesMarkers(candles, [], { zOrder: 'top' });
    chart.subscribeCrosshairMove((param) => {
      const at = typeof param.time === 'number' ? param.time : undefined;
      setHovered(at === undefined ? undefined : barsByTime.current.get(at));
      const here = at === undefined ? undefined : marksByTime.current.get(at);
      setTooltip(here && param.point ? { x: param.point.x, y: param.point.y, marks: here } : null);
    });
    const onRange = (range: LogicalRange | null) => {
      if (range && range.from < LEFT_EDGE_BARS) leftEdge.current?.();
    };
    chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    handles.current = { chart, candles, volume, markers, overlays: new Map(), priceLines: [] };
    return () => {
      handles.current = null;
      shownKey.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    handles.current?.candles.applyOptions({
      priceFormat: { type: 'price', precision: precision.price, minMove: 10 ** -precision.price },
    });
  }, [precision.price]);

  // History: replace the data; keep the visible range unless this is a symbol not shown before.
  useEffect(() => {
    const h = handles.current;
    if (!h) return;
    const sorted = [...history].sort((a, b) => a.startTime - b.startTime);
    const sameView = shownKey.current === viewKey;
    const range = sameView ? h.chart.timeScale().getVisibleLogicalRange() : null;
    const following = sameView ? h.chart.timeScale().scrollPosition() <= 0.5 : true;
    // An older page put bars in front: the same bars stay on screen, at their new indexes.
    const shift = sameView ? prependedCount(shownHistory.current, sorted) : 0;
    shownHistory.current = sorted;
    h.candles.setData(sorted.map(toBar));
    h.volume.setData(sorted.map(toVolume));
    barsByTime.current = new Map(sorted.map((c) => [chartTime(c.startTime), c]));
    setLatest(sorted.at(-1));
    lastBarTime.current = sorted.length ? chartTime(sorted[sorted.length - 1]!.startTime) : -Infinity;
    if (!sameView) {
      // The first view of a symbol is set only once there is history to frame; an empty first load
      // (the chart opened before the candles arrived) must not leave it at the default bar spacing.
      if (sorted.length > 0) {
        shownKey.current = viewKey;
        frameLatest(h.chart, sorted.length, framedBars);
      }
    } else if (range && (!following || shift > 0)) {
      h.chart.timeScale().setVisibleLogicalRange({ from: range.from + shift, to: range.to + shift });
    } else if (following) {
      h.chart.timeScale().scrollToRealTime();
    }
  }, [history, viewKey, framedBars]);

  // Live bars: the last bar updated, the next ones appended; the zoom stays as the user left it.
  useEffect(() => {
    const h = handles.current;
    if (!h) return;
    const firstBar = lastBarTime.current === -Infinity;
    let drew: ChartBar | undefined;
    for (const bar of live) {
      const time = chartTime(bar.startTime);
      if (time < lastBarTime.current) continue; // older than what is drawn: a history reload covers it
      h.candles.update(toBar(bar));
      h.volume.update(toVolume(bar));
      barsByTime.current.set(time, bar);
      lastBarTime.current = time;
      drew = bar;
    }
    if (drew) setLatest(drew);
    if (firstBar && drew) h.chart.timeScale().scrollToRealTime();
  }, [live]);

  useEffect(() => {
    const h = handles.current;
    if (!h) return;
    const byTime = new Map<number, ChartMark[]>();
    for (const m of marks) {
      const t = chartTime(m.candleStart);
      byTime.set(t, [...(byTime.get(t) ?? []), m]);
    }
    marksByTime.current = byTime;
    h.markers.setMarkers(marks.map(toSeriesMarker));
  }, [marks]);

  useEffect(() => {
    const h = handles.current;
    if (h) syncOverlays(h.chart, h.overlays, overlays);
  }, [overlays]);

  useEffect(() => {
    const h = handles.current;
    if (h) h.priceLines = syncPriceLines(h.candles, h.priceLines, lines);
  }, [lines]);

  return (
    <div className="relative">
      <div
        ref={container}
        className="h-[420px] w-full sm:h-[560px]"
        role="img"
        aria-label={`candlestick chart, ${history.length + live.length} bars, ${marks.length} marks`}
        data-marks={marks.length}
        data-bars={history.length}
        data-first-bar={history[0]?.startTime ?? ''}
        data-last-bar={history[history.length - 1]?.startTime ?? ''}
        data-lines={lines.map((l) => l.title).join(',')}
        data-overlays={overlays.map((o) => o.id).join(',')}
        data-overlay-points={overlays.map((o) => `${o.id}:${o.lines.map((l) => l.points.length).join('/')}`).join(',')}
      />
      <ChartLegend bar={hovered ?? latest} precision={precision} />
      {tooltip && <MarkTooltip tooltip={tooltip} precision={precision} width={container.current?.clientWidth ?? 0} />}
    </div>
  );
}

function MarkTooltip({ tooltip, precision, width }: { tooltip: Tooltip; precision: SymbolPrecision; width: number }) {
  // Keep it inside the chart: to the left of the cursor on the right half.
  const left = tooltip.x > width / 2 ? Math.max(0, tooltip.x - 240) : tooltip.x + 16;
  return (
    <div
      role="tooltip"
      className="pointer-events-none absolute z-10 w-56 rounded-md border border-slate-600 bg-slate-900/95 p-2 text-xs shadow-lg"
      style={{ left, top: Math.max(0, tooltip.y - 20) }}
    >
      {tooltip.marks.map((m) => (
        <p key={m.id} className="py-0.5">
          <span className={m.side === 'BUY' ? 'font-bold text-emerald-300' : 'font-bold text-red-300'}>{m.side}</span>{' '}
          <span className="text-slate-300">{m.kind}</span> ·{' '}
          <span className="font-semibold text-slate-100">{m.strategy}</span> @{' '}
          <span className="font-mono tabular-nums">{formatPrice(m.price, precision)}</span>
          {m.kind === 'trade' && <span className="text-slate-400"> ({markStyle(m).label})</span>}
          {m.kind === 'refused' && <span className="text-slate-400"> ({m.reason ?? 'no reason recorded'})</span>}
        </p>
      ))}
    </div>
  );
}
