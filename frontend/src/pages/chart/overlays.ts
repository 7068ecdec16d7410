import type { StrategiesResponse } from '../../api/types';
import { intervalMs } from '../../format/time';
import type { ChartCandle } from './chart-bars';
import { numericBars, type Overlay, type OverlayLine } from './overlay-lines';
import { OVERLAY_SPECS } from './overlay-specs';

export type { Overlay, OverlayLine, OverlayPoint } from './overlay-lines';

type Strategy = StrategiesResponse['strategies'][number];

/** The timeframe a strategy is stepped on, as the analyzer lists it (older analyzers: in its parameters). */
export const strategyTimeframe = (s: Strategy): string | undefined =>
  typeof s.params.timeframe === 'string' ? s.params.timeframe : s.timeframe;

/** The overlay of the strategy an entry runs (a STRATEGIES_FILE instance runs one under its own name). */
export const specOf = (s: Strategy) => OVERLAY_SPECS[s.strategy ?? s.name];

/** Whether it runs on `symbol`: an instance may be limited to some symbols. */
export const runsOn = (s: Strategy, symbol: string | undefined) =>
  !s.symbols || (symbol !== undefined && s.symbols.includes(symbol));

/** Each bar once, in time order: a close fed twice would move every value after it (and the chart refuses repeated times). */
const once = (given: readonly ChartCandle[]) =>
  given.filter((c, i) => i === 0 || c.startTime > given[i - 1]!.startTime);

/**
 * A line computed on bars of `fromMs` drawn on the chart's bars of `toMs`: each chart bar gets the
 * value of the last strategy bar closed by the time it closes — what the strategy knew then — and no
 * chart bar gets one past the next strategy bar's close (the bars held stop there; a later value is unknown).
 */
export function projectLine(
  line: OverlayLine,
  fromMs: number,
  lastFromStart: number | undefined,
  chartBars: readonly { startTime: number }[],
  toMs: number,
): OverlayLine {
  if (lastFromStart === undefined) return { ...line, points: [] };
  const knownUntil = lastFromStart + 2 * fromMs;
  const points: OverlayLine['points'] = [];
  let i = -1;
  for (const bar of chartBars) {
    const close = bar.startTime + toMs;
    if (close >= knownUntil) break;
    while (i + 1 < line.points.length && line.points[i + 1]!.time + fromMs <= close) i++;
    if (i >= 0) points.push({ ...line.points[i]!, time: bar.startTime });
  }
  return { ...line, points };
}

/**
 * The indicators of the strategies the analyzer runs, each with that strategy's parameters and on
 * its own timeframe, over closed bars only (a forming bar would move them before the strategy ever
 * sees it): on the chart's bars when the strategy runs on the chart's timeframe, otherwise on the
 * bars of its own (`others`, by timeframe) held on the chart's bars. A strategy whose timeframe's bars
 * are not given, or that the chart cannot draw, gets no overlay.
 */
export function strategyOverlays(
  strategies: readonly Strategy[],
  chart: { timeframe: string; bars: readonly ChartCandle[] },
  others: ReadonlyMap<string, readonly ChartCandle[]> = new Map(),
): Overlay[] {
  const chartBars = once(chart.bars);
  const chartMs = intervalMs(chart.timeframe);
  const numeric = new Map<string, ReturnType<typeof numericBars>>();
  const barsOf = (tf: string, candles: readonly ChartCandle[]) => {
    if (!numeric.has(tf)) numeric.set(tf, numericBars(once(candles)));
    return numeric.get(tf)!;
  };
  const out: Overlay[] = [];
  for (const s of strategies) {
    const spec = specOf(s);
    const timeframe = strategyTimeframe(s) ?? chart.timeframe;
    const own = timeframe === chart.timeframe ? chartBars : others.get(timeframe);
    const ownMs = intervalMs(timeframe);
    if (!spec || !own || ownMs === undefined || chartMs === undefined) continue;
    const drawn = spec(s.name, s.params, barsOf(timeframe, own));
    if (!drawn) continue;
    const projected = own !== chartBars;
    const lines = projected
      ? drawn.lines.map((l) => projectLine(l, ownMs, own.at(-1)?.startTime, chartBars, chartMs))
      : drawn.lines;
    out.push({ id: s.name, label: drawn.label, timeframe, projected, lines, levels: drawn.levels });
  }
  return out;
}
