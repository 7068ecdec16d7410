import type { TradeRow } from '@roottrading/contracts';
import { Amount, Price, Quantity } from '../../components/amount';
import { DemoLiveTag, ExitReason, SideBadge } from '../../components/badges';
import { baseOf, precisionBySymbol, quoteOf, symbolPrecision } from '../../format/precision';
import { formatDateTime, isoOf } from '../../format/time';
import { useMarketPrices } from '../../live/live-context';

const th = 'py-2 pr-4 text-xs font-medium tracking-wider text-slate-400 uppercase';

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
    <div className="overflow-x-auto">
      <table className="w-full text-sm whitespace-nowrap">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-800 text-left">
            <th scope="col" className={th}>
              Time
            </th>
            <th scope="col" className={th}>
              Symbol
            </th>
            <th scope="col" className={th}>
              Side
            </th>
            <th scope="col" className={`${th} text-right`}>
              Quantity
            </th>
            <th scope="col" className={`${th} text-right`}>
              Price
            </th>
            <th scope="col" className={`${th} text-right`}>
              Value
            </th>
            <th scope="col" className={`${th} text-right`}>
              Fee
            </th>
            <th scope="col" className={th}>
              Strategy
            </th>
            <th scope="col" className={th}>
              Exit reason
            </th>
            <th scope="col" className={`${th} text-right`}>
              Realized P&amp;L
            </th>
          </tr>
        </thead>
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
  return (
    <tr className="border-b border-slate-800/60 last:border-0" data-trade-id={t.id}>
      <td className="py-2 pr-4 text-slate-300 tabular-nums" title={isoOf(t.timestamp)}>
        {formatDateTime(t.timestamp)}
      </td>
      <td className="py-2 pr-4 font-semibold">
        {t.symbol} {t.demo !== undefined && <DemoLiveTag demo={t.demo} />}
      </td>
      <td className="py-2 pr-4">
        <SideBadge side={t.side} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Quantity value={t.quantity} precision={precision} base={base} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Price value={t.price} precision={precision} quote={quote} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.quoteQuantity} currency={quote} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.fee} currency={t.feeCurrency} exact />
      </td>
      <td className="py-2 pr-4 text-slate-300">{t.strategy}</td>
      <td className="py-2 pr-4">
        <ExitReason reason={t.exitReason} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.realizedPnl} currency={quote} signed />
      </td>
    </tr>
  );
}
