import type { BalanceResponse, Summary } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { Panel } from '../../components/panel';
import { formatPercent, ratio } from '../../format/decimal';
import type { Resource } from '../../hooks/use-resource';

/** Every asset held, its value, and its share of the portfolio in the currency it is valued in. */
export function HoldingsPanel({ balances, summary }: { balances: Resource<BalanceResponse>; summary?: Summary }) {
  const totals = new Map(summary?.currencies.map((c) => [c.currency, c.totalValue]) ?? []);
  return (
    <Panel
      id="panel-holdings"
      title="Holdings"
      resource={balances}
      isEmpty={(b) => b.balances.length === 0}
      empty="No assets held."
    >
      {(b) => (
        <div className="overflow-x-auto">
          <table className="w-full text-sm whitespace-nowrap">
            <caption className="sr-only">Assets held, their value and share of the portfolio</caption>
            <thead>
              <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-400 uppercase">
                <th scope="col" className="py-2 pr-4 font-medium">
                  Asset
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Quantity
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Value
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {b.balances.map((row) => {
                const total = row.valueCurrency ? totals.get(row.valueCurrency) : undefined;
                const share = row.value && total ? ratio(row.value, total) : null;
                return (
                  <tr key={row.asset} className="border-b border-slate-800/60 last:border-0" data-asset={row.asset}>
                    <td className="py-2 pr-4 font-semibold">{row.asset}</td>
                    <td className="py-2 pr-4 text-right">
                      <Amount value={row.total} currency={row.asset} />
                    </td>
                    <td className="py-2 pr-4 text-right">
                      <Amount value={row.value} currency={row.valueCurrency} missing="no price" />
                    </td>
                    <td className="py-2 text-right">
                      <ShareBar share={share} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function ShareBar({ share }: { share: number | null }) {
  if (share === null) return <span className="text-slate-400">—</span>;
  return (
    <span className="inline-flex items-center gap-2">
      <span className="hidden h-1.5 w-16 overflow-hidden rounded bg-slate-800 sm:inline-block" aria-hidden>
        <span className="block h-full bg-sky-500" style={{ width: `${Math.min(100, Math.max(0, share * 100))}%` }} />
      </span>
      <span className="font-mono tabular-nums">{formatPercent(share, 1)}</span>
    </span>
  );
}
