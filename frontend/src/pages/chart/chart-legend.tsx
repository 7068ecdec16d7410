import { formatDecimal } from '../../format/decimal';
import { formatPrice, type SymbolPrecision } from '../../format/precision';
import { formatDateTime } from '../../format/time';
import type { ChartBar } from './chart-bars';

/**
 * Open, high, low, close and volume of the bar under the cursor (the latest one otherwise), from
 * the API's decimal strings at the symbol's precision; a forming bar says so.
 */
export function ChartLegend({ bar, precision }: { bar: ChartBar | undefined; precision: SymbolPrecision }) {
  if (!bar) return null;
  const up = Number(bar.close) >= Number(bar.open);
  const value = up ? 'text-emerald-300' : 'text-red-300';
  const item = (label: string, v: string) => (
    <span className="mr-2 whitespace-nowrap">
      <span className="text-slate-400">{label}</span> <span className={`font-mono tabular-nums ${value}`}>{v}</span>
    </span>
  );
  return (
    <div
      className="pointer-events-none absolute top-1 left-2 z-10 flex max-w-[calc(100%-5.5rem)] flex-wrap items-baseline rounded bg-slate-950/70 px-2 py-1 text-xs"
      data-testid="ohlc-legend"
      data-time={bar.startTime}
      data-ohlcv={[bar.open, bar.high, bar.low, bar.close, bar.volume].join(' ')}
      data-forming={bar.forming ? 'true' : 'false'}
    >
      <span className="mr-2 text-slate-300 tabular-nums">{formatDateTime(bar.startTime)}</span>
      {item('O', formatPrice(bar.open, precision))}
      {item('H', formatPrice(bar.high, precision))}
      {item('L', formatPrice(bar.low, precision))}
      {item('C', formatPrice(bar.close, precision))}
      {item('V', formatDecimal(bar.volume, { maxDecimals: Math.max(precision.quantity, 2) }))}
      {bar.forming && <span className="font-semibold text-amber-300">forming</span>}
    </div>
  );
}
