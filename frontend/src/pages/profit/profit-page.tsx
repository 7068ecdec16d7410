import type { ProfitBucket, ProfitPeriod, ProfitResponse } from '@roottrading/contracts';
import { loadPnl, loadSummary } from '../../api/endpoints';
import { loadProfit } from '../../api/history';
import { Amount } from '../../components/amount';
import { ChoiceGroup } from '../../components/choice-group';
import { Panel } from '../../components/panel';
import { addDecimals } from '../../format/decimal';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useQueryState } from '../../router';
import { EquityPanel } from '../dashboard/equity-panel';
import { PnlTables } from './pnl-tables';
import { ProfitBars } from './profit-bars';

const PERIODS = [
  { value: 'day', label: 'Daily' },
  { value: 'week', label: 'Weekly' },
  { value: 'month', label: 'Monthly' },
] as const satisfies readonly { value: ProfitPeriod; label: string }[];

/** Buckets by quote currency, in the order the portfolio gave them (oldest first). */
function byCurrency(buckets: readonly ProfitBucket[]): Map<string, ProfitBucket[]> {
  const out = new Map<string, ProfitBucket[]>();
  for (const b of buckets) out.set(b.currency, [...(out.get(b.currency) ?? []), b]);
  return out;
}

/**
 * What the account made: closed round trips' net profit per UTC day, week (from Monday) or month,
 * one chart per quote currency (USDC and USDT are never added up), the equity curve with its
 * drawdown, and the results per pair and per strategy.
 */
export function ProfitPage() {
  const [query, setQuery] = useQueryState();
  const chosen = query.get('period');
  const period: ProfitPeriod = PERIODS.some((p) => p.value === chosen) ? (chosen as ProfitPeriod) : 'day';
  const refresh = useRefresh({ account: true });
  const profit = useResource(`profit:${period}`, (signal) => loadProfit(period, undefined, signal), refresh);
  const summary = useResource('summary', loadSummary, refresh);
  const pnl = useResource('pnl', loadPnl, refresh);
  return (
    <div className="grid gap-4">
      <Panel
        id="panel-profit"
        title="Profit"
        resource={profit}
        isEmpty={(p) => p.buckets.length === 0}
        empty="No closed trades yet: a bar appears once a position is closed."
        aside={
          <div className="w-64">
            <ChoiceGroup
              legend="Per"
              name="period"
              value={period}
              choices={PERIODS}
              onChange={(v) => setQuery({ period: v === 'day' ? undefined : v })}
            />
          </div>
        }
      >
        {(p) => <ProfitCharts body={p} />}
      </Panel>
      <EquityPanel summary={summary} />
      <PnlTables pnl={pnl} />
    </div>
  );
}

function ProfitCharts({ body }: { body: ProfitResponse }) {
  return (
    <div className="grid gap-6">
      {[...byCurrency(body.buckets)].map(([currency, buckets]) => {
        const net = buckets.reduce((sum, b) => addDecimals(sum, b.netPnl), '0');
        const last = buckets.at(-1)!;
        return (
          <section key={currency} aria-label={`profit in ${currency}`} className="grid gap-2">
            <dl className="flex flex-wrap items-baseline gap-x-6 gap-y-1 text-sm">
              <h3 className="font-semibold text-slate-200">{currency}</h3>
              <div className="flex gap-2">
                <dt className="text-slate-400">Net over {buckets.length} shown</dt>
                <dd data-figure={`net-${currency}`}>
                  <Amount value={net} currency={currency} signed />
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-400">Latest ({last.start.slice(0, 10)})</dt>
                <dd>
                  <Amount value={last.netPnl} currency={currency} signed />
                  <span className="ml-1 text-xs text-slate-400">{`${last.trades} ${last.trades === 1 ? 'trip' : 'trips'}`}</span>
                </dd>
              </div>
            </dl>
            <ProfitBars currency={currency} period={body.period} buckets={buckets} />
          </section>
        );
      })}
    </div>
  );
}
