import type { BalanceResponse } from '@roottrading/contracts';
import type { Resource } from '../use-resource';
import { Amount } from './amount';
import { Panel } from './panel';

export function BalancesPanel({ resource }: { resource: Resource<BalanceResponse> }) {
  return (
    <Panel
      title="Balances"
      source="portfolio"
      resource={resource}
      isEmpty={(b) => b.balances.length === 0}
      empty="No assets held."
    >
      {(b) => (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-500 uppercase">
                <th className="py-2 pr-4 font-medium">Asset</th>
                <th className="py-2 pr-4 text-right font-medium">Free</th>
                <th className="py-2 pr-4 text-right font-medium">Locked</th>
                <th className="py-2 pr-4 text-right font-medium">Total</th>
                <th className="py-2 text-right font-medium">Value</th>
              </tr>
            </thead>
            <tbody>
              {b.balances.map((row) => (
                <tr key={row.asset} className="border-b border-slate-800/60 last:border-0">
                  <td className="py-2 pr-4 font-semibold">{row.asset}</td>
                  <td className="py-2 pr-4 text-right">
                    <Amount value={row.free} currency={row.asset} />
                  </td>
                  <td className="py-2 pr-4 text-right">
                    <Amount value={row.locked} currency={row.asset} />
                  </td>
                  <td className="py-2 pr-4 text-right">
                    <Amount value={row.total} currency={row.asset} />
                  </td>
                  <td className="py-2 text-right">
                    <Amount value={row.value} currency={row.valueCurrency} missing="no price" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
