import type { BacktestGroup } from '../../api/types';
import { Amount } from '../../components/amount';
import { TableHead } from '../../components/table-head';
import { durationText, exitReasonsText, pctText } from './figures';

/** Closed positions per strategy or per pair, each in its quote currency (Freqtrade's tables). */
export function GroupTable({ groups, keyLabel }: { groups: readonly BacktestGroup[]; keyLabel: string }) {
  if (groups.length === 0) return <p className="py-4 text-center text-sm text-slate-400">No closed positions.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm whitespace-nowrap">
        <TableHead
          columns={[
            { label: keyLabel },
            ...['Trades', 'Win %', 'Avg profit', 'Net profit', 'Fees', 'Avg held'].map((label) => ({
              label,
              right: true,
            })),
            { label: 'Exit reasons' },
          ]}
        />
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.key}:${g.quote}`} className="border-b border-slate-800/60 last:border-0" data-group={g.key}>
              <td className="py-2 pr-4 font-semibold">
                {g.key} <span className="text-xs font-normal text-slate-400">{g.quote}</span>
              </td>
              <td className="py-2 pr-4 text-right font-mono tabular-nums">{g.trades}</td>
              <td className="py-2 pr-4 text-right font-mono tabular-nums">
                {pctText(g.trades > 0 ? (g.wins / g.trades) * 100 : null, 1)}
              </td>
              <td className="py-2 pr-4 text-right font-mono tabular-nums">{pctText(g.avgProfitPct)}</td>
              <td className="py-2 pr-4 text-right">
                <Amount value={g.netProfit} currency={g.quote} signed />
              </td>
              <td className="py-2 pr-4 text-right">
                <Amount value={g.fees} currency={g.quote} />
              </td>
              <td className="py-2 pr-4 text-right tabular-nums">{durationText(g.avgDurationMs)}</td>
              <td className="py-2 pr-4 text-slate-300">{exitReasonsText(g.exitReasons)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
