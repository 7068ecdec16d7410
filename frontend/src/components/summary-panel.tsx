import type { ReactNode } from 'react';
import type { CurrencySummary, Summary } from '@roottrading/contracts';
import type { Resource } from '../use-resource';
import { Amount } from './amount';
import { Panel } from './panel';

/** One card per quote currency: values in different currencies are never added together. */
export function SummaryPanel({ resource }: { resource: Resource<Summary> }) {
  const at = resource.data?.updatedAt;
  return (
    <Panel
      title="Portfolio"
      source="portfolio"
      resource={resource}
      isEmpty={(s) => s.currencies.length === 0}
      empty="No balances yet: the trader has not published an account state."
      aside={at && <span title={at}>as of {new Date(at).toLocaleString()}</span>}
    >
      {(summary) => (
        <div className="grid gap-4 md:grid-cols-2">
          {summary.currencies.map((c) => (
            <CurrencyCard key={c.currency} summary={c} />
          ))}
        </div>
      )}
    </Panel>
  );
}

function CurrencyCard({ summary: c }: { summary: CurrencySummary }) {
  return (
    <article className="rounded-lg border border-slate-800 bg-slate-950/60 p-4">
      <div className="flex items-baseline justify-between">
        <h3 className="text-xs font-semibold tracking-wider text-slate-400 uppercase">Total value</h3>
        <span className="text-xs text-slate-500">in {c.currency}</span>
      </div>
      <p className="mt-1 text-2xl font-semibold">
        <Amount value={c.totalValue} currency={c.currency} missing="no price yet" />
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <Line label="Cash">
          <Amount value={c.cash} currency={c.currency} />
        </Line>
        <Line label="Holdings">
          <Amount value={c.holdingsValue} currency={c.currency} missing="no price yet" />
        </Line>
        <Line label="Realized P&L">
          <Amount value={c.realizedPnl} currency={c.currency} signed />
        </Line>
        <Line label="Fees paid">
          <Amount value={c.feesPaid} currency={c.currency} />
        </Line>
        <Line label="Trades">
          <span className="font-mono tabular-nums">{c.tradeCount}</span>
        </Line>
      </dl>
    </article>
  );
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-400">{label}</dt>
      <dd className="text-right">{children}</dd>
    </>
  );
}
