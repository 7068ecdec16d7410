import type { RefusedSignal } from '@roottrading/contracts';
import { Price } from '../../components/amount';
import { Pill, SideBadge } from '../../components/badges';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { precisionBySymbol, quoteOf, symbolPrecision } from '../../format/precision';
import { formatDateTime, isoOf } from '../../format/time';

const COLUMNS = [
  { label: 'Time' },
  { label: 'Symbol' },
  { label: 'Side' },
  { label: 'Strategy' },
  { label: 'Signal price', right: true },
  { label: 'Outcome' },
  { label: 'Reason' },
] as const;

/** The signals the trader did not trade, newest first, each with the trader's own reason. */
export function RefusedTable({ signals }: { signals: readonly RefusedSignal[] }) {
  const precision = precisionBySymbol(signals.map((s) => ({ symbol: s.symbol, price: s.price })));
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <caption className="sr-only">Signals not traded, newest first</caption>
        <TableHead columns={COLUMNS} className={stacked.head} />
        <tbody>
          {signals.map((s) => (
            <tr key={s.orderId} className={stacked.row} data-refused={s.signalId}>
              <td {...cell('Time', 'text-slate-300 tabular-nums')} title={isoOf(s.at)}>
                {formatDateTime(s.at)}
              </td>
              <td {...cell('Symbol', 'font-semibold')}>{s.symbol}</td>
              <td {...cell('Side')}>
                <SideBadge side={s.side} />
              </td>
              <td {...cell('Strategy', 'text-slate-300')}>{s.strategy}</td>
              <td {...cell('Signal price', stacked.figure)}>
                <Price
                  value={s.price}
                  precision={precision.get(s.symbol) ?? symbolPrecision(s.symbol)}
                  quote={quoteOf(s.symbol)}
                />
              </td>
              <td {...cell('Outcome')}>
                <Pill tone={s.status === 'expired' ? 'muted' : 'warn'}>{s.status}</Pill>
              </td>
              <td {...cell('Reason', `${stacked.wide} text-slate-200 sm:whitespace-normal`)}>{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
