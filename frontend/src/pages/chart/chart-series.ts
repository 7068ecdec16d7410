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

/** The oscillator pane (RSI) sits under the volume. */
export const OSCILLATOR_PANE = 2;

/**
 * The overlays' line series, kept by line id: a line is created when it first appears, given its
 * new points, and removed when its overlay is toggled off; the oscillator pane goes with its last line.
 */
export function syncOverlays(
  chart: IChartApi,
  held: Map<string, { series: ISeriesApi<'Line'>; levels: IPriceLine[] }>,
  overlays: readonly Overlay[],
): void {
  const wanted = new Set<string>();
  for (const o of overlays) {
    o.lines.forEach((line, i) => {
      wanted.add(line.id);
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
          line.pane === 'oscillator' ? OSCILLATOR_PANE : 0,
        );
        // The levels (RSI 70 / 30) once, on the first line of the overlay.
        const levels =
          i === 0
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
        entry = { series, levels };
        held.set(line.id, entry);
      }
      entry.series.setData(line.points.map((p) => ({ time: chartTime(p.time), value: p.value })));
    });
  }
  for (const [id, entry] of held) {
    if (wanted.has(id)) continue;
    chart.removeSeries(entry.series);
    held.delete(id);
  }
  const pane = chart.panes()[OSCILLATOR_PANE];
  if (pane && pane.getSeries().length === 0) chart.removePane(OSCILLATOR_PANE);
  else if (pane) pane.setStretchFactor(1.2);
}
