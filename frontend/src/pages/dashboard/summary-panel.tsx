import type { ReactNode } from 'react';
import type { CurrencySummary, PnlResponse, Summary } from '@roottrading/contracts';
import { Amount } from '../../components/amount';
import { Panel } from '../../components/panel';
import { formatPercent, subDecimals } from '../../format/decimal';
import type { Resource } from '../../hooks/use-resource';
import { useLiveSelect } from '../../live/live-context';
import { liveSummary } from '../../live/live-valuation';

/** One card per quote currency: values in different currencies are never added together. */
export function SummaryPanel({ summary: loaded, pnl }: { summary: Resource<Summary>; pnl: Resource<PnlResponse> }) {
  // Total value, holdings and unrealized P&L follow every repricing the trader pushes.
  const totals = useLiveSelect((s) => s.totals);
  const summary = { ...loaded, data: loaded.data && liveSummary(loaded.data, totals) };
  const at = summary.data?.updatedAt;
  return (
    <Panel
      id="panel-summary"
      title="Portfolio"
      resource={summary}
      isEmpty={(s) => s.currencies.length === 0}
      empty="No balances yet: the trader has not published an account state."
      aside={at && <span title={at}>as of {new Date(at).toLocaleString()}</span>}
    >
      {(s) => (
        <div className="grid gap-4 md:grid-cols-2">
          {s.currencies.map((c) => (
            <CurrencyCard key={c.currency} summary={c} winRate={winRateIn(pnl, c.currency)} />
          ))}
        </div>
      )}
    </Panel>
  );
}

interface WinRate {
  value: number | null;
  note?: string;
}

/** Closed positions won / closed in this quote currency, from /portfolio/pnl (per symbol, summed). */
function winRateIn(pnl: Resource<PnlResponse>, currency: string): WinRate {
  if (!pnl.data) return { value: null, note: pnl.error ? `portfolio /pnl: ${pnl.error.message}` : 'loading' };
  const rows = pnl.data.bySymbol.filter((r) => r.currency === currency);
  const trades = rows.reduce((n, r) => n + r.trades, 0);
  const wins = rows.reduce((n, r) => n + r.wins, 0);
  return trades === 0 ? { value: null, note: 'no closed positions yet' } : { value: wins / trades };
}

function CurrencyCard({ summary: c, winRate }: { summary: CurrencySummary; winRate: WinRate }) {
  const unrealized = c.holdingsValue === null ? null : subDecimals(c.holdingsValue, c.holdingsCost);
  return (
    <article
      className="rounded-lg border border-slate-800 bg-slate-950/60 p-4"
      aria-label={`portfolio in ${c.currency}`}
      data-currency={c.currency}
    >
      <div className="flex items-baseline justify-between">
        <h3 className="text-xs font-semibold tracking-wider text-slate-400 uppercase">Total value</h3>
        <span className="text-xs text-slate-400">in {c.currency}</span>
      </div>
      <p className="mt-1 text-2xl font-semibold" data-figure="total">
        <Amount value={c.totalValue} currency={c.currency} missing="no price yet" />
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <Line label="Cash" figure="cash">
          <Amount value={c.cash} currency={c.currency} />
        </Line>
        <Line label="Holdings" figure="holdings">
          <Amount value={c.holdingsValue} currency={c.currency} missing="no price yet" />
        </Line>
        <Line label="Realized P&L, gross" figure="realized">
          <Amount value={c.realizedPnl} currency={c.currency} signed />
        </Line>
        <Line label="Fees paid" figure="fees">
          <Amount value={c.feesPaid} currency={c.currency} />
        </Line>
        <Line label="Realized P&L, net of fees" figure="realized-net">
          <Amount value={c.realizedNet} currency={c.currency} signed />
        </Line>
        <Line label="Unrealized P&L" figure="unrealized">
          <Amount value={unrealized} currency={c.currency} signed missing="no price yet" />
        </Line>
        <Line label="Trades" figure="trades">
          <span className="font-mono tabular-nums">{c.tradeCount}</span>
        </Line>
        <Line label="Win rate" figure="win-rate">
          <span className="font-mono tabular-nums" title={winRate.note}>
            {formatPercent(winRate.value, 1)}
          </span>
        </Line>
      </dl>
    </article>
  );
}

function Line({ label, figure, children }: { label: string; figure: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-400">{label}</dt>
      <dd className="text-right" data-figure={figure}>
        {children}
      </dd>
    </>
  );
}
