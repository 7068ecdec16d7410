import { SideBadge } from '../../components/badges';
import { formatPrice, type SymbolPrecision } from '../../format/precision';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatDateTime } from '../../format/time';
import { markStyle, type ChartMark } from './chart-markers';

const COLUMNS = [
  { label: 'Candle' },
  { label: 'Kind' },
  { label: 'Side' },
  { label: 'Strategy' },
  { label: 'Price', right: true },
] as const;

const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });

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
        <div className="mt-3 sm:overflow-x-auto">
          <table className={stacked.table}>
            <TableHead columns={COLUMNS} className={stacked.head} />
            <tbody>
              {latest.map((m) => (
                <tr key={m.id} className={stacked.row}>
                  <td {...cell('Candle', 'text-slate-300 tabular-nums')}>{formatDateTime(m.candleStart)}</td>
                  <td {...cell('Kind')}>
                    {m.kind === 'signal'
                      ? 'signal'
                      : m.kind === 'refused'
                        ? `refused: ${m.reason ?? '?'}`
                        : markStyle(m).label}
                  </td>
                  <td {...cell('Side')}>
                    <SideBadge side={m.side} />
                  </td>
                  <td {...cell('Strategy')}>{m.strategy}</td>
                  <td {...cell('Price', `${stacked.figure} font-mono tabular-nums`)}>
                    {formatPrice(m.price, precision)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
