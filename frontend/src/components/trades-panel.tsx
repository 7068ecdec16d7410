import type { TradeRow, TradesPage } from '@roottrading/contracts';
import type { Resource } from '../use-resource';
import { Amount } from './amount';
import { Panel } from './panel';

export function TradesPanel({ resource }: { resource: Resource<TradesPage> }) {
  const page = resource.data;
  return (
    <Panel
      title="Latest trades"
      source="portfolio"
      resource={resource}
      isEmpty={(p) => p.trades.length === 0}
      empty="No trades yet."
      aside={page && page.total > 0 && <span>{`${page.trades.length} of ${page.total}`}</span>}
    >
      {(p) => (
        <div className="overflow-x-auto">
          <table className="w-full text-sm whitespace-nowrap">
            <thead>
              <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-500 uppercase">
                <th className="py-2 pr-4 font-medium">Time</th>
                <th className="py-2 pr-4 font-medium">Symbol</th>
                <th className="py-2 pr-4 font-medium">Side</th>
                <th className="py-2 pr-4 text-right font-medium">Price</th>
                <th className="py-2 pr-4 text-right font-medium">Quantity</th>
                <th className="py-2 pr-4 text-right font-medium">Amount</th>
                <th className="py-2 pr-4 text-right font-medium">Fee</th>
                <th className="py-2 pr-4 text-right font-medium">Realized P&amp;L</th>
                <th className="py-2 font-medium">Strategy</th>
              </tr>
            </thead>
            <tbody>
              {p.trades.map((t) => (
                <TradeLine key={t.id} trade={t} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

const TIME_FORMAT: Intl.DateTimeFormatOptions = {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};

function TradeLine({ trade: t }: { trade: TradeRow }) {
  const [base, quote] = t.symbol.includes('/') ? t.symbol.split('/') : [undefined, undefined];
  const time = new Date(t.timestamp);
  return (
    <tr className="border-b border-slate-800/60 last:border-0">
      <td className="py-2 pr-4 text-slate-300" title={t.timestamp}>
        {Number.isNaN(time.getTime()) ? t.timestamp : time.toLocaleString(undefined, TIME_FORMAT)}
      </td>
      <td className="py-2 pr-4 font-semibold">
        {t.symbol}
        {t.demo && (
          <span className="ml-2 rounded bg-amber-400/20 px-1.5 text-[10px] font-bold text-amber-300">DEMO</span>
        )}
      </td>
      <td className={`py-2 pr-4 font-bold ${t.side === 'BUY' ? 'text-emerald-400' : 'text-red-400'}`}>{t.side}</td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.price} currency={quote} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.quantity} currency={base} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.quoteQuantity} currency={quote} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.fee} currency={t.feeCurrency} />
      </td>
      <td className="py-2 pr-4 text-right">
        <Amount value={t.realizedPnl} currency={quote} signed />
      </td>
      <td className="py-2 text-slate-400">{t.strategy}</td>
    </tr>
  );
}
