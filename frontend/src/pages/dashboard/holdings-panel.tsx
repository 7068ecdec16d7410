import type { BalanceResponse, Summary } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { Panel } from '../../components/panel';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatPercent, ratio } from '../../format/decimal';
import type { Resource } from '../../hooks/use-resource';

const COLUMNS = [
  { label: 'Asset' },
  { label: 'Quantity', right: true },
  { label: 'Value', right: true },
  { label: 'Share', right: true },
] as const;

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
        <div className="sm:overflow-x-auto">
          <table className={stacked.table}>
            <caption className="sr-only">Assets held, their value and share of the portfolio</caption>
            <TableHead columns={COLUMNS} className={stacked.head} />
            <tbody>
              {b.balances.map((row) => {
                const total = row.valueCurrency ? totals.get(row.valueCurrency) : undefined;
                const share = row.value && total ? ratio(row.value, total) : null;
                return (
                  <tr key={row.asset} className={stacked.row} data-asset={row.asset}>
                    <td data-label="Asset" className={`${stacked.cell} font-semibold`}>
                      {row.asset}
                    </td>
                    <td data-label="Quantity" className={`${stacked.cell} ${stacked.figure}`}>
                      <Amount value={row.total} currency={row.asset} />
                    </td>
                    <td data-label="Value" className={`${stacked.cell} ${stacked.figure}`}>
                      <Amount value={row.value} currency={row.valueCurrency} missing="no price" />
                    </td>
                    <td data-label="Share" className={`${stacked.cell} ${stacked.figure}`}>
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
