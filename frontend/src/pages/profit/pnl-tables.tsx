import type { PnlResponse, PnlStats } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { Panel } from '../../components/panel';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatDecimal, formatPercent, ratio } from '../../format/decimal';
import type { Resource } from '../../hooks/use-resource';

const FIGURES = [
  { label: 'Round trips', right: true },
  { label: 'Win rate', right: true },
  { label: 'Net P&L', right: true },
  { label: 'Gross P&L', right: true },
  { label: 'Fees', right: true },
  { label: 'Profit factor', right: true },
  { label: 'Average win', right: true },
  { label: 'Average loss', right: true },
] as const;

type Row = PnlStats & { key: string };

/** Closed round trips per pair and per strategy (a strategy trading two quotes has a row per quote). */
export function PnlTables({ pnl }: { pnl: Resource<PnlResponse> }) {
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Panel
        id="panel-pnl-pairs"
        title="By pair"
        resource={pnl}
        isEmpty={(p) => p.bySymbol.length === 0}
        empty="No closed trades yet."
      >
        {(p) => <PnlTable name="Pair" rows={p.bySymbol.map((r) => ({ ...r, key: r.symbol }))} />}
      </Panel>
      <Panel
        id="panel-pnl-strategies"
        title="By strategy"
        resource={pnl}
        isEmpty={(p) => p.byStrategy.length === 0}
        empty="No closed trades yet."
      >
        {(p) => <PnlTable name="Strategy" rows={p.byStrategy.map((r) => ({ ...r, key: r.strategy }))} />}
      </Panel>
    </div>
  );
}

function PnlTable({ name, rows }: { name: string; rows: readonly Row[] }) {
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <caption className="sr-only">{`Closed round trips by ${name.toLowerCase()}`}</caption>
        <TableHead columns={[{ label: name }, ...FIGURES]} className={stacked.head} />
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.key}|${r.currency}`} className={stacked.row} data-pnl-row={`${r.key}|${r.currency}`}>
              <td {...cell(name, `${stacked.wide} font-semibold`)}>
                {r.key} <span className="text-xs font-normal text-slate-400">{r.currency}</span>
              </td>
              <td {...cell('Round trips', `${stacked.figure} tabular-nums`)}>
                {r.trades} <span className="text-xs text-slate-400">({`${r.wins} won`})</span>
              </td>
              <td {...cell('Win rate', `${stacked.figure} tabular-nums`)}>
                {formatPercent(r.winRate === null ? null : ratio(r.winRate, '1'), 1)}
              </td>
              <td {...cell('Net P&L', stacked.figure)}>
                <Amount value={r.netPnl} currency={r.currency} signed />
              </td>
              <td {...cell('Gross P&L', stacked.figure)}>
                <Amount value={r.grossPnl} currency={r.currency} signed />
              </td>
              <td {...cell('Fees', stacked.figure)}>
                <Amount value={r.fees} currency={r.currency} exact />
              </td>
              <td
                {...cell('Profit factor', `${stacked.figure} font-mono tabular-nums`)}
                title={r.profitFactor ?? undefined}
              >
                {r.profitFactor === null ? '—' : formatDecimal(r.profitFactor, { maxDecimals: 2 })}
              </td>
              <td {...cell('Average win', stacked.figure)}>
                <Amount value={r.averageWin} currency={r.currency} signed />
              </td>
              <td {...cell('Average loss', stacked.figure)}>
                <Amount value={r.averageLoss} currency={r.currency} signed />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
