import {
  LineSeries,
  LineStyle,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type SeriesMarker,
  type Time,
} from 'lightweight-charts';
import { chartTime, COLORS } from '../../charts/chart-theme';
import type { ChartBar } from './chart-bars';
import { markStyle, type ChartMark } from './chart-markers';
import type { Overlay } from './overlays';
import type { PositionLine } from './position-lines';

/** A forming bar is drawn hollow-looking and pale: it is not closed, and must not read as closed. */
const FORMING = { up: 'rgba(52, 211, 153, 0.35)', down: 'rgba(248, 113, 113, 0.35)' };

export const toBar = (c: ChartBar) => {
  const up = Number(c.close) >= Number(c.open);
  const forming = c.forming ? { color: up ? FORMING.up : FORMING.down, wickColor: up ? FORMING.up : FORMING.down } : {};
  return {
    time: chartTime(c.startTime),
    // Floats for drawing only; the figures shown in text come from the decimal strings.
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
    ...forming,
  };
};

export const toVolume = (c: ChartBar) => ({
  time: chartTime(c.startTime),
  value: Number(c.volume),
  color: Number(c.close) >= Number(c.open) ? COLORS.upVolume : COLORS.downVolume,
});

export function toSeriesMarker(m: ChartMark): SeriesMarker<Time> {
  const style = markStyle(m);
  const above = m.kind === 'trade' ? m.side === 'SELL' || Boolean(m.exitReason) : m.side === 'SELL';
  return {
    id: m.id,
    time: chartTime(m.candleStart),
    position: above ? 'aboveBar' : 'belowBar',
    shape: style.shape,
    color: style.color,
    ...(style.text ? { text: style.text } : {}),
  };
}

const LINE_STYLES = { solid: LineStyle.Solid, dashed: LineStyle.Dashed, dotted: LineStyle.Dotted } as const;

/** Replaces the candle series' position lines (entry, stop, target, trailing) with `lines`. */
export function syncPriceLines(
  series: ISeriesApi<'Candlestick'>,
  shown: IPriceLine[],
  lines: readonly PositionLine[],
): IPriceLine[] {
  for (const l of shown) series.removePriceLine(l);
  return lines.map((l) =>
    series.createPriceLine({
      price: Number(l.price),
      color: l.color,
      lineWidth: 1,
      lineStyle: LINE_STYLES[l.style],
      axisLabelVisible: true,
      title: l.title,
    }),
  );
}

/** The first oscillator pane sits under the volume; each overlay with oscillator lines gets a pane of its own. */
export const OSCILLATOR_PANE = 2;

type HeldLine = { series: ISeriesApi<'Line'>; levels: IPriceLine[]; pane: number };

/**
 * The pane of each overlay's lines: the price, the volume, or the next oscillator pane (an RSI
 * and a MACD on one scale would flatten one of them).
 */
export function overlayPanes(overlays: readonly Overlay[]): Map<string, number> {
  const panes = new Map<string, number>();
  let next = OSCILLATOR_PANE;
  for (const o of overlays) {
    const own = o.lines.some((l) => l.pane === 'oscillator') ? next++ : undefined;
    for (const l of o.lines) panes.set(l.id, l.pane === 'price' ? 0 : l.pane === 'volume' ? 1 : own!);
  }
  return panes;
}

/**
 * The overlays' line series, kept by line id: a line is created when it first appears (again when
 * its pane moved: an oscillator overlay before it toggled), given its new points, and
 * removed when its overlay is toggled off; the oscillator panes left empty go with their last line.
 */
export function syncOverlays(chart: IChartApi, held: Map<string, HeldLine>, overlays: readonly Overlay[]): void {
  const panes = overlayPanes(overlays);
  // One oscillator line moving pane moves the panes under it: those are all drawn afresh.
  const moved = [...held].some(([id, e]) => e.pane >= OSCILLATOR_PANE && panes.get(id) !== e.pane);
  for (const [id, entry] of held) {
    if (panes.get(id) === entry.pane && !(moved && entry.pane >= OSCILLATOR_PANE)) continue;
    chart.removeSeries(entry.series);
    held.delete(id);
  }
  // From the last pane up: removing one renumbers the panes after it.
  for (let i = chart.panes().length - 1; i >= OSCILLATOR_PANE; i--) {
    if (chart.panes()[i]!.getSeries().length === 0) chart.removePane(i);
  }
  for (const o of overlays) {
    o.lines.forEach((line, i) => {
      const pane = panes.get(line.id)!;
      let entry = held.get(line.id);
      if (!entry) {
        const series = chart.addSeries(
          LineSeries,
          {
            color: line.color,
            lineWidth: 1,
            lineStyle: line.dashed ? LineStyle.Dashed : LineStyle.Solid,
            priceLineVisible: false,
            lastValueVisible: false,
            crosshairMarkerVisible: false,
            // No title on the price axis: the toolbar names each overlay, and a phone has no room.
          },
          pane,
        );
        // The levels (RSI 70 / 30, MACD's zero) once, on the first line of the overlay.
        const levels =
          i === 0 && line.pane === 'oscillator'
            ? o.levels.map((price) =>
                series.createPriceLine({
                  price,
                  color: '#64748b',
                  lineWidth: 1,
                  lineStyle: LineStyle.Dashed,
                  title: '',
                }),
              )
            : [];
        entry = { series, levels, pane };
        held.set(line.id, entry);
      }
      entry.series.setData(
        line.points.map((p) => ({ time: chartTime(p.time), value: p.value, ...(p.color ? { color: p.color } : {}) })),
      );
    });
  }
  for (let i = OSCILLATOR_PANE; i < chart.panes().length; i++) chart.panes()[i]!.setStretchFactor(1.2);
}
