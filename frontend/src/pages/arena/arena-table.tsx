import type { ArenaResponse, ArenaStanding } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatDecimal, formatPercent, ratio } from '../../format/decimal';

const COLUMNS = [
  { label: '#' },
  { label: 'Instance' },
  { label: 'Return', right: true },
  { label: 'Net P&L', right: true },
  { label: 'Unrealized', right: true },
  { label: 'Win rate', right: true },
  { label: 'Profit factor', right: true },
  { label: 'Max drawdown', right: true },
  { label: 'Sharpe', right: true },
  { label: 'Trades', right: true },
  { label: 'Open exposure', right: true },
  { label: 'Budget used', right: true },
] as const;

type Instance = ArenaResponse['instances'][number];

const pct = (v: number | null) => (v === null ? '—' : `${v >= 0 && v !== 0 ? '+' : ''}${v.toFixed(2)}%`);

/** The ranking, best first: one row per instance and quote currency (never summed across them). */
export function ArenaTable({
  instances,
  colorOf,
}: {
  instances: readonly Instance[];
  colorOf: (name: string) => string;
}) {
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <caption className="sr-only">Strategy instances ranked by return on their budget</caption>
        <TableHead columns={COLUMNS} className={stacked.head} />
        <tbody>
          {instances.flatMap((instance, rank) =>
            instance.standings.map((s: ArenaStanding) => (
              <tr
                key={`${instance.name}|${s.currency}`}
                className={stacked.row}
                data-arena-row={`${instance.name}|${s.currency}`}
              >
                <td {...cell('#', 'tabular-nums text-slate-400')}>{rank + 1}</td>
                <td {...cell('Instance', `${stacked.wide} font-semibold`)}>
                  <span
                    className="mr-2 inline-block h-2 w-2 rounded-full"
                    style={{ background: colorOf(instance.name) }}
                  />
                  {instance.name} <span className="text-xs font-normal text-slate-400">{s.currency}</span>
                  {instance.strategy && instance.strategy !== instance.name ? (
                    <span className="block text-xs font-normal text-slate-400">{instance.strategy}</span>
                  ) : null}
                </td>
                <td {...cell('Return', `${stacked.figure} tabular-nums`)} data-figure="return">
                  {pct(s.returnPct)}
                </td>
                <td {...cell('Net P&L', stacked.figure)}>
                  <Amount value={s.netPnl} currency={s.currency} signed />
                </td>
                <td {...cell('Unrealized', stacked.figure)}>
                  {s.unrealizedPnl === null ? '—' : <Amount value={s.unrealizedPnl} currency={s.currency} signed />}
                </td>
                <td {...cell('Win rate', `${stacked.figure} tabular-nums`)}>
                  {formatPercent(s.winRate === null ? null : ratio(s.winRate, '1'), 1)}
                </td>
                <td {...cell('Profit factor', `${stacked.figure} font-mono tabular-nums`)}>
                  {s.profitFactor === null ? '—' : formatDecimal(s.profitFactor, { maxDecimals: 2 })}
                </td>
                <td {...cell('Max drawdown', `${stacked.figure} tabular-nums`)}>
                  {s.maxDrawdownPct === null ? '—' : `${s.maxDrawdownPct.toFixed(2)}%`}
                </td>
                <td {...cell('Sharpe', `${stacked.figure} tabular-nums`)}>
                  {s.sharpe === null ? '—' : s.sharpe.toFixed(2)}
                </td>
                <td {...cell('Trades', `${stacked.figure} tabular-nums`)}>
                  {s.trades} <span className="text-xs text-slate-400">({`${s.openPositions} open`})</span>
                </td>
                <td {...cell('Open exposure', stacked.figure)}>
                  <Amount value={s.openExposure} currency={s.currency} />
                </td>
                <td {...cell('Budget used', stacked.figure)}>
                  <Amount value={s.budgetUsed} currency={s.currency} />
                  {s.budget === null ? null : (
                    <span className="block text-xs text-slate-400">{`of ${formatDecimal(s.budget, { maxDecimals: 2 })}`}</span>
                  )}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
