import { useEffect, useRef, useState } from 'react';
import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
} from 'lightweight-charts';
import { chartTime, COLORS, darkChartOptions } from '../../charts/chart-theme';
import { formatPrice, type SymbolPrecision } from '../../format/precision';
import type { ChartMark } from './chart-markers';

/** A candle as the chart takes it: open time in ms, prices as the API's decimal strings. */
export interface ChartCandle {
  startTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

interface Handles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  markers: ISeriesMarkersPluginApi<Time>;
}

/** Bars on screen when a symbol is first shown: enough to read, not so many they turn to lines. */
const INITIAL_BARS = 150;
const MIN_FRAMED_BARS = 60;

const toBar = (c: ChartCandle) => ({
  time: chartTime(c.startTime),
  // Floats for drawing only; the figures shown in text come from the decimal strings.
  open: Number(c.open),
  high: Number(c.high),
  low: Number(c.low),
  close: Number(c.close),
});

const toVolume = (c: ChartCandle) => ({
  time: chartTime(c.startTime),
  value: Number(c.volume),
  color: Number(c.close) >= Number(c.open) ? COLORS.upVolume : COLORS.downVolume,
});

function toSeriesMarker(m: ChartMark): SeriesMarker<Time> {
  const buy = m.side === 'BUY';
  if (m.kind === 'signal') {
    return {
      id: m.id,
      time: chartTime(m.candleStart),
      position: buy ? 'belowBar' : 'aboveBar',
      shape: buy ? 'arrowUp' : 'arrowDown',
      color: buy ? COLORS.signalBuy : COLORS.signalSell,
    };
  }
  return {
    id: m.id,
    time: chartTime(m.candleStart),
    position: buy ? 'belowBar' : 'aboveBar',
    shape: 'circle',
    color: buy ? COLORS.tradeBuy : COLORS.tradeSell,
    text: buy ? 'B' : 'S',
  };
}

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
 * Candlesticks with volume in a pane below, signals (arrows) and fills (B/S circles) on the candles,
 * and a tooltip naming the strategy of each mark under the cursor. `history` replaces the data
 * (keeping the user's zoom); `live` candles, in time order, update or append bars as they arrive —
 * every one of them, however many come at once.
 */
export function CandleChart({
  viewKey,
  history,
  live = [],
  marks,
  precision,
  framedBars = INITIAL_BARS,
}: {
  /** When it changes, the view is reset (zoomed to the latest candles); otherwise the user's zoom is kept. */
  viewKey: string;
  history: readonly ChartCandle[];
  /** Closed candles from the live stream, in time order, from the history's last bar on. */
  live?: readonly ChartCandle[];
  marks: readonly ChartMark[];
  precision: SymbolPrecision;
  /** How many of the latest candles a new view shows (a backtest's page of candles: all of them). */
  framedBars?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<Handles | null>(null);
  const shownKey = useRef<string | null>(null);
  const lastBarTime = useRef<number>(-Infinity);
  const marksByTime = useRef(new Map<number, ChartMark[]>());
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);

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
      const here = at === undefined ? undefined : marksByTime.current.get(at);
      if (!here || !param.point) {
        setTooltip(null);
        return;
      }
      setTooltip({ x: param.point.x, y: param.point.y, marks: here });
    });
    handles.current = { chart, candles, volume, markers };
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
    h.candles.setData(sorted.map(toBar));
    h.volume.setData(sorted.map(toVolume));
    lastBarTime.current = sorted.length ? chartTime(sorted[sorted.length - 1]!.startTime) : -Infinity;
    if (!sameView) {
      // The first view of a symbol is set only once there is history to frame; an empty first load
      // (the chart opened before the candles arrived) must not leave it at the default bar spacing.
      if (sorted.length > 0) {
        shownKey.current = viewKey;
        frameLatest(h.chart, sorted.length, framedBars);
      }
    } else if (range && !following) {
      h.chart.timeScale().setVisibleLogicalRange(range);
    } else if (following) {
      h.chart.timeScale().scrollToRealTime();
    }
  }, [history, viewKey, framedBars]);

  // Live candles: the last bar updated, the next ones appended; the zoom stays as the user left it.
  useEffect(() => {
    const h = handles.current;
    if (!h) return;
    const firstBar = lastBarTime.current === -Infinity;
    let drew = false;
    for (const candle of live) {
      const time = chartTime(candle.startTime);
      if (time < lastBarTime.current) continue; // older than what is drawn: a history reload covers it
      h.candles.update(toBar(candle));
      h.volume.update(toVolume(candle));
      lastBarTime.current = time;
      drew = true;
    }
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

  return (
    <div className="relative">
      <div
        ref={container}
        className="h-[420px] w-full sm:h-[520px]"
        role="img"
        aria-label={`candlestick chart, ${history.length} candles, ${marks.length} marks`}
        data-marks={marks.length}
      />
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
          <span className="text-slate-300">{m.kind === 'signal' ? 'signal' : 'trade'}</span> ·{' '}
          <span className="font-semibold text-slate-100">{m.strategy}</span> @{' '}
          <span className="font-mono tabular-nums">{formatPrice(m.price, precision)}</span>
        </p>
      ))}
    </div>
  );
}
