import type { ClosedTrade } from '@roottrading/contracts';
import { Amount, Price, Quantity } from '../../components/amount';
import { DemoLiveTag, ExitReason } from '../../components/badges';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatDecimal } from '../../format/decimal';
import { baseOf, precisionBySymbol, symbolPrecision, type SymbolPrecision } from '../../format/precision';
import { formatDateTime, formatDuration, isoOf } from '../../format/time';

const COLUMNS = [
  { label: 'Closed' },
  { label: 'Symbol' },
  { label: 'Strategy' },
  { label: 'Quantity', right: true },
  { label: 'Entry', right: true },
  { label: 'Exit', right: true },
  { label: 'Duration', right: true },
  { label: 'Profit %', right: true },
  { label: 'Net P&L', right: true },
  { label: 'Fees', right: true },
  { label: 'Exit reason' },
] as const;

/** "7.2925" → "+7.29 %", at two decimals (the exact figure in the tooltip). */
export function ProfitPct({ value }: { value: string }) {
  const tone = value.startsWith('-') ? 'text-red-400' : /[1-9]/.test(value) ? 'text-emerald-400' : 'text-slate-100';
  return (
    <span className={`font-mono tabular-nums ${tone}`} title={`${value} %`}>
      {formatDecimal(value, { minDecimals: 2, maxDecimals: 2, signed: true })} %
    </span>
  );
}

/** Round trips, newest closed first: a table on a wide screen, one card per trip on a phone. */
export function ClosedTradesTable({ trades }: { trades: readonly ClosedTrade[] }) {
  const precision = precisionBySymbol(
    trades.flatMap((t) => [
      { symbol: t.symbol, price: t.entryPrice, quantity: t.quantity },
      { symbol: t.symbol, price: t.exitPrice },
    ]),
  );
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <caption className="sr-only">Closed trades, newest closed first</caption>
        <TableHead columns={COLUMNS} className={stacked.head} />
        <tbody>
          {trades.map((t) => (
            <ClosedTradeRow key={t.id} trade={t} precision={precision.get(t.symbol) ?? symbolPrecision(t.symbol)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClosedTradeRow({ trade: t, precision }: { trade: ClosedTrade; precision: SymbolPrecision }) {
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <tr className={stacked.row} data-closed-trade={t.id}>
      <td
        {...cell('Closed', 'text-slate-300 tabular-nums')}
        title={`opened ${isoOf(t.openedAt)}, closed ${isoOf(t.closedAt)}`}
      >
        {formatDateTime(t.closedAt)}
      </td>
      <td {...cell('Symbol', 'font-semibold')}>
        {t.symbol} <DemoLiveTag demo={t.demo} />
      </td>
      <td {...cell('Strategy', 'text-slate-300')}>{t.strategy}</td>
      <td {...cell('Quantity', stacked.figure)}>
        <Quantity value={t.quantity} precision={precision} base={baseOf(t.symbol)} />
      </td>
      <td {...cell('Entry', stacked.figure)}>
        <Price value={t.entryPrice} precision={precision} />
      </td>
      <td {...cell('Exit', stacked.figure)}>
        <Price value={t.exitPrice} precision={precision} />
      </td>
      <td {...cell('Duration', `${stacked.figure} tabular-nums text-slate-300`)}>
        {formatDuration(t.durationSeconds)}
      </td>
      <td {...cell('Profit %', stacked.figure)}>
        <ProfitPct value={t.profitPct} />
      </td>
      <td {...cell('Net P&L', stacked.figure)}>
        <Amount value={t.netPnl} currency={t.currency} signed />
      </td>
      <td {...cell('Fees', stacked.figure)}>
        <Amount value={t.fees} currency={t.currency} exact />
      </td>
      <td {...cell('Exit reason')}>
        <ExitReason reason={t.exitReason} />
      </td>
    </tr>
  );
}
