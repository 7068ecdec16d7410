/**
 * A stand-in for lightweight-charts in component tests: jsdom has no canvas (nor matchMedia), so
 * the real charts cannot draw there. Each chart and series records what the page gave it — the
 * data points, the markers — for the test to check. Installed with
 * `jest.unstable_mockModule('lightweight-charts', () => fakeCharts)` before the page is imported.
 */
export interface FakeSeries {
  type: string;
  pane: number;
  options: Record<string, unknown>;
  points: { time: number; value?: number; close?: number }[];
  markers: unknown[];
  /** Price lines on it (an open position's levels, RSI's 70 / 30), by their options. */
  priceLines: Record<string, unknown>[];
}

export interface FakeChart {
  container: HTMLElement;
  series: FakeSeries[];
}

export const charts: FakeChart[] = [];

function fakeSeries(type: string, options: Record<string, unknown> = {}, pane = 0) {
  const s: FakeSeries = { type, pane, options, points: [], markers: [], priceLines: [] };
  return Object.assign(s, {
    setData: (points: FakeSeries['points']) => {
      s.points = [...points];
    },
    update: (point: FakeSeries['points'][number]) => {
      s.points = [...s.points.filter((p) => p.time !== point.time), point];
    },
    applyOptions: (o: Record<string, unknown>) => Object.assign(s.options, o),
    data: () => s.points,
    createPriceLine: (o: Record<string, unknown>) => {
      s.priceLines.push(o);
      return o;
    },
    removePriceLine: (o: Record<string, unknown>) => s.priceLines.splice(s.priceLines.indexOf(o), 1),
  });
}

const timeScale = {
  fitContent: () => undefined,
  setVisibleLogicalRange: () => undefined,
  getVisibleLogicalRange: () => null,
  scrollPosition: () => 0,
  scrollToRealTime: () => undefined,
  subscribeVisibleLogicalRangeChange: () => undefined,
};

export const fakeCharts = {
  AreaSeries: 'Area',
  BaselineSeries: 'Baseline',
  CandlestickSeries: 'Candlestick',
  HistogramSeries: 'Histogram',
  LineSeries: 'Line',
  LineStyle: { Solid: 0, Dotted: 1, Dashed: 2 },
  ColorType: { Solid: 'solid' },
  CrosshairMode: { Normal: 0 },
  createChart: (container: HTMLElement) => {
    const chart: FakeChart = { container, series: [] };
    charts.push(chart);
    return {
      addSeries: (type: string, options?: Record<string, unknown>, pane?: number) => {
        const s = fakeSeries(type, options, pane);
        chart.series.push(s);
        return s;
      },
      removeSeries: (s: FakeSeries) => chart.series.splice(chart.series.indexOf(s), 1),
      panes: () =>
        [...new Set([0, 1, ...chart.series.map((s) => s.pane)])].map((pane) => ({
          setStretchFactor: () => undefined,
          getSeries: () => chart.series.filter((s) => s.pane === pane),
        })),
      removePane: () => undefined,
      timeScale: () => timeScale,
      subscribeCrosshairMove: () => undefined,
      remove: () => charts.splice(charts.indexOf(chart), 1),
    };
  },
  createSeriesMarkers: (series: FakeSeries, markers: unknown[]) => {
    series.markers = markers;
    return { setMarkers: (m: unknown[]) => (series.markers = m) };
  },
};
