import {
  BollingerBands,
  ExponentialMovingAverage,
  RelativeStrengthIndex,
  SimpleMovingAverage,
} from '@roottrading/strategies/indicators';
import type { StrategiesResponse } from '../../api/types';
import type { ChartCandle } from './chart-bars';

/** One line of an overlay: on the price, or in the oscillator pane under the volume. */
export interface OverlayLine {
  id: string;
  label: string;
  pane: 'price' | 'oscillator';
  color: string;
  dashed?: boolean;
  /** Open time (ms) and value, oldest first; bars before the indicator is warm have none. */
  points: { time: number; value: number }[];
}

/** A strategy's indicators with its own parameters, toggled as one. */
export interface Overlay {
  /** The strategy's name. */
  id: string;
  label: string;
  /** The timeframe the strategy runs on: its lines on another timeframe's bars are not what it sees. */
  timeframe?: string;
  lines: OverlayLine[];
  /** Horizontal levels in the oscillator pane (RSI's overbought and oversold). */
  levels: number[];
}

type Strategy = StrategiesResponse['strategies'][number];

const whole = (params: Record<string, unknown>, key: string): number | undefined => {
  const v = params[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
};
const real = (params: Record<string, unknown>, key: string): number | undefined => {
  const v = params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/** Feeds every close to `step` and keeps the values it returns, at their bar's time. */
function series(
  candles: readonly ChartCandle[],
  step: (close: number) => number | undefined,
): { time: number; value: number }[] {
  const out: { time: number; value: number }[] = [];
  for (const c of candles) {
    const v = step(Number(c.close));
    if (v !== undefined && Number.isFinite(v)) out.push({ time: c.startTime, value: v });
  }
  return out;
}

const PALETTE = ['#fbbf24', '#a78bfa', '#f97316', '#2dd4bf'];

function averages(s: Strategy, candles: readonly ChartCandle[], kind: 'SMA' | 'EMA', keys: [string, string]) {
  const periods = keys.map((k) => whole(s.params, k));
  if (periods.some((p) => p === undefined)) return [];
  return (periods as number[]).map((period, i) => {
    const indicator = kind === 'SMA' ? new SimpleMovingAverage(period) : new ExponentialMovingAverage(period);
    return {
      id: `${s.name}:${kind}${period}:${i}`,
      label: `${kind} ${period}`,
      pane: 'price' as const,
      color: PALETTE[i % PALETTE.length]!,
      points: series(candles, (x) => indicator.update(x)),
    };
  });
}

function bands(s: Strategy, candles: readonly ChartCandle[]): OverlayLine[] {
  const window = whole(s.params, 'window');
  const multiplier = real(s.params, 'stdMultiplier');
  if (window === undefined || multiplier === undefined || multiplier <= 0) return [];
  const bb = new BollingerBands(window, multiplier);
  const values = candles.map((c) => ({ time: c.startTime, v: bb.update(Number(c.close)) }));
  const line = (part: 'upper' | 'middle' | 'lower', color: string, dashed: boolean): OverlayLine => ({
    id: `${s.name}:BB:${part}`,
    label: `BB ${window} ${multiplier}σ ${part}`,
    pane: 'price',
    color,
    dashed,
    points: values.flatMap(({ time, v }) => (v ? [{ time, value: v[part] }] : [])),
  });
  return [line('upper', '#818cf8', false), line('middle', '#818cf8', true), line('lower', '#818cf8', false)];
}

function rsi(s: Strategy, candles: readonly ChartCandle[]): Overlay | undefined {
  const window = whole(s.params, 'window');
  if (window === undefined) return undefined;
  const indicator = new RelativeStrengthIndex(window);
  const levels = [real(s.params, 'overbought'), real(s.params, 'oversold')].filter((v) => v !== undefined);
  return {
    id: s.name,
    label: `RSI ${window}`,
    lines: [
      {
        id: `${s.name}:RSI${window}`,
        label: `RSI ${window}`,
        pane: 'oscillator',
        color: '#e879f9',
        points: series(candles, (x) => indicator.update(x)),
      },
    ],
    levels,
  };
}

/**
 * The indicators of the strategies the analyzer runs, each with that strategy's parameters, over
 * the closed bars on the chart (a forming bar would move them before the strategy ever sees it):
 * moving averages and Bollinger bands on the price, RSI in a pane of its own. Strategies whose
 * indicators are not drawn (MACD, Donchian, Supertrend, unknown ones) get no overlay.
 */
export function strategyOverlays(strategies: readonly Strategy[], given: readonly ChartCandle[]): Overlay[] {
  // Each bar once, in time order: a close fed twice would move every value after it (and the chart
  // refuses a line whose times repeat).
  const candles = given.filter((c, i) => i === 0 || c.startTime > given[i - 1]!.startTime);
  const out: Overlay[] = [];
  for (const s of strategies) {
    const timeframe = typeof s.params.timeframe === 'string' ? s.params.timeframe : s.timeframe;
    const base = { id: s.name, timeframe, levels: [] as number[] };
    if (s.name === 'SimpleMA_Cross') {
      const lines = averages(s, candles, 'SMA', ['shortWindow', 'longWindow']);
      if (lines.length) out.push({ ...base, label: lines.map((l) => l.label).join(' / '), lines });
    } else if (s.name === 'EMA_Cross') {
      const lines = averages(s, candles, 'EMA', ['fast', 'slow']);
      if (lines.length) out.push({ ...base, label: lines.map((l) => l.label).join(' / '), lines });
    } else if (s.name === 'Bollinger_Bands') {
      const lines = bands(s, candles);
      if (lines.length) out.push({ ...base, label: lines[0]!.label.replace(/ upper$/, ''), lines });
    } else if (s.name === 'RSI_Strategy') {
      const o = rsi(s, candles);
      if (o) out.push({ ...o, timeframe });
    }
  }
  return out;
}
