import { ColorType, CrosshairMode, type DeepPartial, type ChartOptions, type UTCTimestamp } from 'lightweight-charts';

/** Colours shared by every chart: the page's slate dark theme, green up, red down. */
export const COLORS = {
  up: '#34d399',
  down: '#f87171',
  upVolume: 'rgba(52, 211, 153, 0.45)',
  downVolume: 'rgba(248, 113, 113, 0.45)',
  signalBuy: '#22d3ee',
  signalSell: '#f472b6',
  tradeBuy: '#10b981',
  tradeSell: '#ef4444',
  line: '#38bdf8',
  area: 'rgba(56, 189, 248, 0.15)',
} as const;

/** An equity curve: a line over a light fill. */
export const equityAreaOptions = {
  lineColor: COLORS.line,
  topColor: COLORS.area,
  bottomColor: 'rgba(56, 189, 248, 0)',
  lineWidth: 2,
} as const;

export const darkChartOptions: DeepPartial<ChartOptions> = {
  autoSize: true,
  layout: {
    background: { type: ColorType.Solid, color: '#0b1220' },
    textColor: '#cbd5e1',
    fontSize: 12,
    attributionLogo: true,
    panes: { separatorColor: '#334155', separatorHoverColor: '#475569' },
  },
  grid: { vertLines: { color: '#1e293b' }, horzLines: { color: '#1e293b' } },
  rightPriceScale: { borderColor: '#334155' },
  timeScale: { borderColor: '#334155', timeVisible: true, secondsVisible: false },
  crosshair: { mode: CrosshairMode.Normal },
};

/**
 * lightweight-charts draws times as UTC. Shifting each time by the browser's offset makes the axis
 * read in local time, like every other time on the page. Markers go through the same function.
 */
export function chartTime(ms: number): UTCTimestamp {
  const offsetMs = new Date(ms).getTimezoneOffset() * 60_000;
  return Math.floor((ms - offsetMs) / 1000) as UTCTimestamp;
}
