import type { BacktestGroup } from '../../api/types';
import { Amount } from '../../components/amount';
import { TableHead } from '../../components/table-head';
import { durationText, exitReasonsText, pctText } from './figures';
import { stacked } from '../../components/stacked-table';

/** Closed positions per strategy or per pair, each in its quote currency (Freqtrade's tables). */
export function GroupTable({ groups, keyLabel }: { groups: readonly BacktestGroup[]; keyLabel: string }) {
  if (groups.length === 0) return <p className="py-4 text-center text-sm text-slate-400">No closed positions.</p>;
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <TableHead
          className={stacked.head}
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
            <tr key={`${g.key}:${g.quote}`} className={stacked.row} data-group={g.key}>
              <td data-label={keyLabel} className={`${stacked.cell} ${stacked.wide} font-semibold`}>
                {g.key} <span className="text-xs font-normal text-slate-400">{g.quote}</span>
              </td>
              <td data-label="Trades" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
                {g.trades}
              </td>
              <td data-label="Win %" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
                {pctText(g.trades > 0 ? (g.wins / g.trades) * 100 : null, 1)}
              </td>
              <td data-label="Avg profit" className={`${stacked.cell} ${stacked.figure} font-mono tabular-nums`}>
                {pctText(g.avgProfitPct)}
              </td>
              <td data-label="Net profit" className={`${stacked.cell} ${stacked.figure}`}>
                <Amount value={g.netProfit} currency={g.quote} signed />
              </td>
              <td data-label="Fees" className={`${stacked.cell} ${stacked.figure}`}>
                <Amount value={g.fees} currency={g.quote} />
              </td>
              <td data-label="Avg held" className={`${stacked.cell} ${stacked.figure} tabular-nums`}>
                {durationText(g.avgDurationMs)}
              </td>
              <td data-label="Exit reasons" className={`${stacked.cell} ${stacked.wide} text-slate-300`}>
                {exitReasonsText(g.exitReasons)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
