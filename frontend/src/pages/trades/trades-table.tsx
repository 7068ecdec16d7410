import type { TradeRow } from '@roottrading/contracts';
import { Amount, Price, Quantity } from '../../components/amount';
import { DemoLiveTag, ExitReason, SideBadge } from '../../components/badges';
import { baseOf, precisionBySymbol, quoteOf, symbolPrecision } from '../../format/precision';
import { formatDateTime, isoOf } from '../../format/time';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { useMarketPrices } from '../../live/live-context';

/** On a phone each trade is a card naming its figures (the table showed time, symbol and side only there). */
const COLUMNS = [
  { label: 'Time' },
  { label: 'Symbol' },
  { label: 'Side' },
  { label: 'Quantity', right: true },
  { label: 'Price', right: true },
  { label: 'Value', right: true },
  { label: 'Fee', right: true },
  { label: 'Strategy' },
  { label: 'Exit reason' },
  { label: 'Realized P&L', right: true },
] as const;

/**
 * What the table shows of a trade: the portfolio's rows, or a backtest's (which has no account, so
 * no demo/live tag).
 */
export type TableTrade = Pick<
  TradeRow,
  | 'id'
  | 'symbol'
  | 'side'
  | 'price'
  | 'quantity'
  | 'quoteQuantity'
  | 'fee'
  | 'feeCurrency'
  | 'strategy'
  | 'exitReason'
  | 'realizedPnl'
  | 'timestamp'
> & { demo?: boolean };

/** Trades as the portfolio lists them (newest first); prices and quantities at each symbol's precision. */
export function TradesTable({
  trades,
  caption = 'Trades, newest first',
}: {
  trades: readonly TableTrade[];
  caption?: string;
}) {
  const precision = precisionBySymbol(trades, useMarketPrices());
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={COLUMNS} className={stacked.head} />
        <tbody>
          {trades.map((t) => (
            <TradeLine key={t.id} trade={t} precision={precision.get(t.symbol) ?? symbolPrecision(t.symbol)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TradeLine({ trade: t, precision }: { trade: TableTrade; precision: ReturnType<typeof symbolPrecision> }) {
  const base = baseOf(t.symbol);
  const quote = quoteOf(t.symbol);
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <tr className={stacked.row} data-trade-id={t.id}>
      <td {...cell('Time', 'text-slate-300 tabular-nums')} title={isoOf(t.timestamp)}>
        {formatDateTime(t.timestamp)}
      </td>
      <td {...cell('Symbol', 'font-semibold')}>
        {t.symbol} {t.demo !== undefined && <DemoLiveTag demo={t.demo} />}
      </td>
      <td {...cell('Side')}>
        <SideBadge side={t.side} />
      </td>
      <td {...cell('Quantity', stacked.figure)}>
        <Quantity value={t.quantity} precision={precision} base={base} />
      </td>
      <td {...cell('Price', stacked.figure)}>
        <Price value={t.price} precision={precision} quote={quote} />
      </td>
      <td {...cell('Value', stacked.figure)}>
        <Amount value={t.quoteQuantity} currency={quote} />
      </td>
      <td {...cell('Fee', stacked.figure)}>
        <Amount value={t.fee} currency={t.feeCurrency} exact />
      </td>
      <td {...cell('Strategy', 'text-slate-300')}>{t.strategy}</td>
      <td {...cell('Exit reason')}>
        <ExitReason reason={t.exitReason} />
      </td>
      <td {...cell('Realized P&L', stacked.figure)}>
        <Amount value={t.realizedPnl} currency={quote} signed />
      </td>
    </tr>
  );
}
