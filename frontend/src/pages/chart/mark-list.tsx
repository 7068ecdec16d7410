import { SideBadge } from '../../components/badges';
import { formatPrice, type SymbolPrecision } from '../../format/precision';
import { formatDateTime } from '../../format/time';
import { markStyle, type ChartMark } from './chart-markers';

/** The same marks as text, newest first: readable without the chart (and by a screen reader). */
export function MarkList({ marks, precision }: { marks: readonly ChartMark[]; precision: SymbolPrecision }) {
  const latest = [...marks].reverse().slice(0, 25);
  return (
    <details className="rounded-xl border border-slate-800 bg-slate-900/60 p-4">
      <summary className="cursor-pointer text-sm font-semibold text-slate-200">
        Marks on the chart ({marks.length})
      </summary>
      {latest.length === 0 ? (
        <p className="mt-3 text-sm text-slate-400">No signals or trades on the candles shown.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm whitespace-nowrap">
            <thead>
              <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-400 uppercase">
                <th className="py-2 pr-4 font-medium">Candle</th>
                <th className="py-2 pr-4 font-medium">Kind</th>
                <th className="py-2 pr-4 font-medium">Side</th>
                <th className="py-2 pr-4 font-medium">Strategy</th>
                <th className="py-2 text-right font-medium">Price</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((m) => (
                <tr key={m.id} className="border-b border-slate-800/60 last:border-0">
                  <td className="py-1.5 pr-4 text-slate-300 tabular-nums">{formatDateTime(m.candleStart)}</td>
                  <td className="py-1.5 pr-4">
                    {m.kind === 'signal'
                      ? 'signal'
                      : m.kind === 'refused'
                        ? `refused: ${m.reason ?? '?'}`
                        : markStyle(m).label}
                  </td>
                  <td className="py-1.5 pr-4">
                    <SideBadge side={m.side} />
                  </td>
                  <td className="py-1.5 pr-4">{m.strategy}</td>
                  <td className="py-1.5 text-right font-mono tabular-nums">{formatPrice(m.price, precision)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
