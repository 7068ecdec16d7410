import type { ChartCandle } from './chart-bars';

/** One value of a line, at its bar's open time (ms); `color` where the line changes colour (a trend's side). */
export interface OverlayPoint {
  time: number;
  value: number;
  color?: string;
}

/** One line of an overlay: on the price, on the volume, or in an oscillator pane of its overlay's own. */
export interface OverlayLine {
  id: string;
  label: string;
  pane: 'price' | 'volume' | 'oscillator';
  color: string;
  dashed?: boolean;
  /** Oldest first; bars before the indicator is warm have none. */
  points: OverlayPoint[];
}

/** A strategy's indicators with its own parameters, toggled as one. */
export interface Overlay {
  /** The strategy's name. */
  id: string;
  label: string;
  /** The timeframe the strategy runs on. */
  timeframe?: string;
  /** Its lines were computed on bars of `timeframe` and held on the chart's bars until the next one closed. */
  projected?: boolean;
  lines: OverlayLine[];
  /** Horizontal levels in its oscillator pane (RSI's overbought and oversold). */
  levels: number[];
}

/** A closed bar as numbers, as the strategies step it (the API's decimal strings, parsed once). */
export interface NumericBar {
  startTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export const numericBars = (candles: readonly ChartCandle[]): NumericBar[] =>
  candles.map((c) => ({
    startTime: c.startTime,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
    volume: Number(c.volume),
  }));

/** A positive whole parameter, or undefined when it is missing or not one (the overlay is then left out). */
export const whole = (params: Record<string, unknown>, key: string): number | undefined => {
  const v = params[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
};
export const real = (params: Record<string, unknown>, key: string): number | undefined => {
  const v = params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * Steps every bar through `step` and keeps, per output key, the values it returns at that bar's
 * time: one pass over the bars for all of an overlay's lines, as the strategy steps its indicators.
 */
export function stepBars<K extends string>(
  bars: readonly NumericBar[],
  keys: readonly K[],
  step: (bar: NumericBar) => Partial<Record<K, number | undefined>>,
): Record<K, OverlayPoint[]> {
  const out = Object.fromEntries(keys.map((k) => [k, [] as OverlayPoint[]])) as Record<K, OverlayPoint[]>;
  for (const bar of bars) {
    const values = step(bar);
    for (const key of keys) {
      const v = values[key];
      if (v !== undefined && Number.isFinite(v)) out[key].push({ time: bar.startTime, value: v });
    }
  }
  return out;
}

export const PALETTE = ['#fbbf24', '#a78bfa', '#f97316', '#2dd4bf'];
