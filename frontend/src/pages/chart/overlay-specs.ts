import {
  BollingerBands,
  DonchianChannel,
  ExponentialMovingAverage,
  MovingAverageConvergenceDivergence,
  RelativeStrengthIndex,
  SessionVwap,
  SimpleMovingAverage,
  Supertrend,
} from '@roottrading/strategies/indicators';
import { PALETTE, real, stepBars, whole, type NumericBar, type OverlayLine, type OverlayPoint } from './overlay-lines';

/** What a strategy's overlay draws, before it is named and placed on the chart's timeframe. */
export interface OverlayDrawing {
  label: string;
  lines: OverlayLine[];
  levels: number[];
}

type Params = Record<string, unknown>;
type Spec = (name: string, params: Params, bars: readonly NumericBar[]) => OverlayDrawing | undefined;

const line = (
  name: string,
  key: string,
  label: string,
  pane: OverlayLine['pane'],
  color: string,
  points: OverlayPoint[],
  dashed = false,
): OverlayLine => ({ id: `${name}:${key}`, label, pane, color, dashed, points });

const CHANNEL = { upper: '#38bdf8', lower: '#fb7185' };
const OSCILLATOR = '#e879f9';
const TREND = { up: '#34d399', down: '#f87171' };

function averages(kind: 'SMA' | 'EMA', keys: [string, string]): Spec {
  return (name, params, bars) => {
    const periods = keys.map((k) => whole(params, k));
    if (periods.some((p) => p === undefined)) return undefined;
    const lines = (periods as number[]).map((period, i) => {
      const indicator = kind === 'SMA' ? new SimpleMovingAverage(period) : new ExponentialMovingAverage(period);
      const { v } = stepBars(bars, ['v'], (b) => ({ v: indicator.update(b.close) }));
      return line(name, `${kind}${period}:${i}`, `${kind} ${period}`, 'price', PALETTE[i % PALETTE.length]!, v);
    });
    return { label: lines.map((l) => l.label).join(' / '), lines, levels: [] };
  };
}

const bollinger: Spec = (name, params, bars) => {
  const window = whole(params, 'window');
  const k = real(params, 'stdMultiplier');
  if (window === undefined || k === undefined || k <= 0) return undefined;
  const bb = new BollingerBands(window, k);
  const p = stepBars(bars, ['upper', 'middle', 'lower'], (b) => bb.update(b.close) ?? {});
  const label = `BB ${window} ${k}σ`;
  return {
    label,
    levels: [],
    lines: (['upper', 'middle', 'lower'] as const).map((part) =>
      line(name, `BB:${part}`, `${label} ${part}`, 'price', '#818cf8', p[part], part === 'middle'),
    ),
  };
};

/** An RSI in its own pane with its levels (RSI_Strategy's bands, RSI_Divergence's exit). */
function rsi(levelKeys: string[]): Spec {
  return (name, params, bars) => {
    const window = whole(params, 'window');
    if (window === undefined) return undefined;
    const indicator = new RelativeStrengthIndex(window);
    const { v } = stepBars(bars, ['v'], (b) => ({ v: indicator.update(b.close) }));
    const levels = levelKeys.map((key) => real(params, key)).filter((l) => l !== undefined);
    return {
      label: `RSI ${window}`,
      lines: [line(name, `RSI${window}`, `RSI ${window}`, 'oscillator', OSCILLATOR, v)],
      levels,
    };
  };
}

/** The MACD and its signal line in their pane; the trend EMA that gates a BUY on the price. */
const macd: Spec = (name, params, bars) => {
  const [fast, slow, signal] = ['fast', 'slow', 'signal'].map((k) => whole(params, k));
  const trend = real(params, 'trend');
  if (fast === undefined || slow === undefined || signal === undefined || !(fast < slow)) return undefined;
  const m = new MovingAverageConvergenceDivergence(fast, slow, signal);
  const ema = trend !== undefined && trend >= 1 ? new ExponentialMovingAverage(trend) : undefined;
  const p = stepBars(bars, ['macd', 'signal', 'trend'], (b) => {
    const v = m.update(b.close);
    return { macd: v?.macd, signal: v?.signal, trend: ema?.update(b.close) };
  });
  const lines = [
    line(name, 'MACD', `MACD ${fast} ${slow}`, 'oscillator', '#38bdf8', p.macd),
    line(name, 'MACD:signal', `signal ${signal}`, 'oscillator', '#f97316', p.signal),
  ];
  if (ema) lines.push(line(name, `EMA${trend}`, `trend EMA ${trend}`, 'price', '#fbbf24', p.trend, true));
  return { label: `MACD ${fast} ${slow} ${signal}`, lines, levels: [0] };
};

/** The channels the breakout strategies compare a close with: those of the bars before it. */
function channelBefore(upperKey: string, lowerKey: string, tag: string): Spec {
  return (name, params, bars) => {
    const [up, down] = [whole(params, upperKey), whole(params, lowerKey)];
    if (up === undefined || down === undefined) return undefined;
    const entry = new DonchianChannel(up);
    const exit = up === down ? entry : new DonchianChannel(down);
    const p = stepBars(bars, ['upper', 'lower'], (b) => {
      const before = { upper: entry.value?.upper, lower: exit.value?.lower };
      entry.update(b);
      if (exit !== entry) exit.update(b);
      return before;
    });
    const label = up === down ? `${tag} ${up}` : `${tag} ${up} / ${down}`;
    return {
      label,
      levels: [],
      lines: [
        line(name, `${tag}:upper`, `${tag} ${up} high`, 'price', CHANNEL.upper, p.upper),
        line(name, `${tag}:lower`, `${tag} ${down} low`, 'price', CHANNEL.lower, p.lower),
      ],
    };
  };
}

/** The Supertrend line, green under the price in an uptrend and red over it in a downtrend. */
const supertrend: Spec = (name, params, bars) => {
  const window = whole(params, 'atrWindow');
  const k = real(params, 'multiplier');
  if (window === undefined || k === undefined || !(k > 0)) return undefined;
  const st = new Supertrend(window, k);
  const points: OverlayPoint[] = [];
  for (const b of bars) {
    const v = st.update(b);
    if (v) points.push({ time: b.startTime, value: v.value, color: v.direction === 1 ? TREND.up : TREND.down });
  }
  const label = `Supertrend ${window} ${k}`;
  return { label, levels: [], lines: [line(name, 'ST', label, 'price', TREND.up, points)] };
};

/** The session VWAP and the band under it a close must fall below (σ or % as configured). */
const vwap: Spec = (name, params, bars) => {
  const deviation = real(params, 'deviation');
  const band = params.band;
  if (deviation === undefined || (band !== 'std' && band !== 'percent')) return undefined;
  const session = new SessionVwap();
  const p = stepBars(bars, ['vwap', 'lower'], (b) => {
    const v = session.update(b);
    if (!v) return {};
    const lower =
      band === 'percent' ? v.vwap * (1 - deviation / 100) : v.stdDev > 0 ? v.vwap - deviation * v.stdDev : undefined;
    return { vwap: v.vwap, lower };
  });
  const unit = band === 'percent' ? '%' : 'σ';
  return {
    label: `VWAP −${deviation}${unit}`,
    levels: [],
    lines: [
      line(name, 'VWAP', 'VWAP', 'price', '#fbbf24', p.vwap),
      line(name, 'VWAP:lower', `VWAP −${deviation}${unit}`, 'price', CHANNEL.lower, p.lower, true),
    ],
  };
};

/** The breakout high, the exit (a low or an EMA) and, on the volume, the volume a spike must exceed. */
const volumeSpike: Spec = (name, params, bars) => {
  const [window, breakout, exitBars] = ['window', 'breakout', 'exit'].map((k) => whole(params, k));
  const factor = real(params, 'factor');
  const exitEma = real(params, 'exitEma') ?? 0;
  if (window === undefined || breakout === undefined || exitBars === undefined || factor === undefined)
    return undefined;
  const volumes = new SimpleMovingAverage(window);
  const entry = new DonchianChannel(breakout);
  const exit = new DonchianChannel(exitBars);
  const ema = exitEma >= 1 ? new ExponentialMovingAverage(exitEma) : undefined;
  const p = stepBars(bars, ['upper', 'lower', 'spike'], (b) => {
    const mean = volumes.value;
    const before = { upper: entry.value?.upper, lower: ema ? undefined : exit.value?.lower };
    volumes.update(b.volume);
    entry.update(b);
    exit.update(b);
    const lower = ema ? ema.update(b.close) : before.lower;
    return { upper: before.upper, lower, spike: mean === undefined ? undefined : factor * mean };
  });
  return {
    label: `volume ×${factor} · high ${breakout}`,
    levels: [],
    lines: [
      line(name, 'VS:upper', `high ${breakout}`, 'price', CHANNEL.upper, p.upper),
      line(name, 'VS:lower', ema ? `exit EMA ${exitEma}` : `low ${exitBars}`, 'price', CHANNEL.lower, p.lower),
      line(name, 'VS:spike', `volume ×${factor} mean ${window}`, 'volume', '#fbbf24', p.spike, true),
    ],
  };
};

/** The strategies the chart can draw, by name; the others get no overlay. */
export const OVERLAY_SPECS: Readonly<Record<string, Spec>> = {
  SimpleMA_Cross: averages('SMA', ['shortWindow', 'longWindow']),
  EMA_Cross: averages('EMA', ['fast', 'slow']),
  Bollinger_Bands: bollinger,
  RSI_Strategy: rsi(['overbought', 'oversold']),
  RSI_Divergence: rsi(['exit']),
  MACD_Trend: macd,
  Donchian_Breakout: channelBefore('window', 'exitWindow', 'Donchian'),
  Range_Breakout: channelBefore('window', 'window', 'range'),
  Supertrend: supertrend,
  VWAP_Reversion: vwap,
  Volume_Spike: volumeSpike,
};
