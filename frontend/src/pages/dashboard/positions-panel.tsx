import type { OpenPositionsResponse } from '@roottrading/contracts';
import { Amount, Price, Quantity } from '../../components/amount';
import { Panel } from '../../components/panel';
import { baseOf, precisionBySymbol, quoteOf, symbolPrecision } from '../../format/precision';
import { formatDateTime } from '../../format/time';
import type { Resource } from '../../hooks/use-resource';

const th = 'py-2 pr-4 text-xs font-medium tracking-wider text-slate-400 uppercase';

/** Open positions per strategy and symbol, valued at the last price, with their protective exits. */
export function PositionsPanel({ resource }: { resource: Resource<OpenPositionsResponse> }) {
  return (
    <Panel
      id="panel-positions"
      title="Open positions"
      resource={resource}
      isEmpty={(r) => r.positions.length === 0}
      empty="No open positions."
      aside={resource.data && <span>{`${resource.data.positions.length} open`}</span>}
    >
      {(r) => {
        const precision = precisionBySymbol(
          r.positions.flatMap((p) => [
            { symbol: p.symbol, price: p.averageEntryPrice, quantity: p.quantity },
            { symbol: p.symbol, price: p.lastPrice },
          ]),
        );
        return (
          <div className="overflow-x-auto">
            <table className="w-full text-sm whitespace-nowrap">
              <caption className="sr-only">Open positions</caption>
              <thead>
                <tr className="border-b border-slate-800 text-left">
                  <th scope="col" className={th}>
                    Symbol
                  </th>
                  <th scope="col" className={th}>
                    Strategy
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Quantity
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Entry
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Last
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Unrealized P&amp;L
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Stop / target
                  </th>
                  <th scope="col" className={th}>
                    Opened
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.positions.map((p) => {
                  const prec = precision.get(p.symbol) ?? symbolPrecision(p.symbol);
                  const quote = quoteOf(p.symbol);
                  const stop = p.trailingStopPrice ?? p.stopLoss;
                  return (
                    <tr key={`${p.strategy}|${p.symbol}`} className="border-b border-slate-800/60 last:border-0">
                      <td className="py-2 pr-4 font-semibold">{p.symbol}</td>
                      <td className="py-2 pr-4 text-slate-300">{p.strategy}</td>
                      <td className="py-2 pr-4 text-right">
                        <Quantity value={p.quantity} precision={prec} base={baseOf(p.symbol)} />
                      </td>
                      <td className="py-2 pr-4 text-right">
                        <Price value={p.averageEntryPrice} precision={prec} />
                      </td>
                      <td className="py-2 pr-4 text-right">
                        <Price value={p.lastPrice} precision={prec} missing="no price" />
                      </td>
                      <td className="py-2 pr-4 text-right">
                        <Amount value={p.unrealizedPnl} currency={quote} signed missing="no price" />
                      </td>
                      <td className="py-2 pr-4 text-right text-xs">
                        <Price value={stop} precision={prec} />
                        {p.trailingStopPrice && <span className="ml-1 text-slate-400">(trailing)</span>}
                        <span className="text-slate-400"> / </span>
                        <Price value={p.takeProfit} precision={prec} />
                      </td>
                      <td className="py-2 pr-4 text-slate-300">{formatDateTime(p.openedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      }}
    </Panel>
  );
}
