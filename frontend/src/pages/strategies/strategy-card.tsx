import { useState, type ReactNode } from 'react';
import type { PnlResponse } from '@roottrading/contracts';
import type { StrategiesResponse } from '../../api/types';
import { Amount } from '../../components/amount';
import { formatPercent, ratio } from '../../format/decimal';
import { useMediaQuery, WIDE_QUERY } from '../../hooks/use-media-query';
import type { Resource } from '../../hooks/use-resource';

/** Most signals counted per strategy: the analyzer's /signals gives at most this many. */
export const COUNT_LIMIT = 500;

type PnlRow = PnlResponse['byStrategy'][number];

/**
 * One loaded strategy: its name, signal count and net P&L always in view; its description,
 * parameters and trade figures in a section that starts open on a wide screen and closed on a phone
 * (eleven strategies' parameters, open, made the page eight screens tall there), opened by a tap.
 */
export function StrategyCard({
  strategy,
  counts,
  pnl,
}: {
  strategy: StrategiesResponse['strategies'][number];
  counts: Resource<Map<string, number>>;
  pnl: Resource<PnlResponse>;
}) {
  // Decided once, when the card is first shown: turning the phone must not fold what was opened.
  const wide = useMediaQuery(WIDE_QUERY);
  const [initiallyOpen] = useState(wide);
  const count = counts.data?.get(strategy.name);
  const rows = pnl.data?.byStrategy.filter((r) => r.strategy === strategy.name) ?? [];
  return (
    <details
      open={initiallyOpen}
      className="group rounded-lg border border-slate-800 bg-slate-950/60"
      aria-label={`strategy ${strategy.name}`}
      data-strategy={strategy.name}
    >
      <summary className="flex cursor-pointer list-none flex-wrap items-baseline justify-between gap-x-3 gap-y-1 p-3 sm:p-4">
        <h3 className="font-semibold text-slate-100">
          <span aria-hidden className="mr-1.5 inline-block text-slate-500 transition-transform group-open:rotate-90">
            ▸
          </span>
          {strategy.name}
          {strategy.timeframe && <span className="ml-2 text-xs font-normal text-slate-400">{strategy.timeframe}</span>}
          {/* A STRATEGIES_FILE instance: the strategy it runs, and its symbols when it is limited to some. */}
          {strategy.strategy && strategy.strategy !== strategy.name && (
            <span className="ml-2 text-xs font-normal text-slate-400">
              {strategy.strategy}
              {strategy.symbols ? ` on ${strategy.symbols.join(', ')}` : ''}
            </span>
          )}
        </h3>
        <span className="flex flex-wrap items-baseline gap-x-3 text-xs text-slate-400">
          <span title="signals stored by the analyzer">
            {count === undefined
              ? counts.error
                ? `signals: ${counts.error.message}`
                : 'signals: …'
              : `${count >= COUNT_LIMIT ? `${COUNT_LIMIT}+` : count} signals`}
          </span>
          {rows.map((r) => (
            <span key={r.currency} data-summary-currency={r.currency}>
              {r.trades} trade{r.trades === 1 ? '' : 's'} · net <Amount value={r.netPnl} currency={r.currency} signed />
            </span>
          ))}
        </span>
      </summary>
      <div className="border-t border-slate-800 p-3 sm:p-4">
        {strategy.description && <p className="text-sm text-slate-300">{strategy.description}</p>}
        <Params strategy={strategy} />
        <Figures pnl={pnl} rows={rows} />
      </div>
    </details>
  );
}

function Params({ strategy }: { strategy: StrategiesResponse['strategies'][number] }) {
  return (
    <dl className="mt-3 flex flex-wrap gap-2 text-xs">
      {Object.entries(strategy.params).map(([k, v]) => (
        <div key={k} className="max-w-full rounded bg-slate-800 px-2 py-1 break-words">
          <dt className="inline text-slate-400">{k}</dt>{' '}
          <dd className="inline font-mono text-slate-100">{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
        </div>
      ))}
      {strategy.warmupCandles !== undefined && (
        <div className="rounded bg-slate-800 px-2 py-1">
          <dt className="inline text-slate-400">warm-up</dt>{' '}
          <dd className="inline font-mono text-slate-100">{strategy.warmupCandles} candles</dd>
        </div>
      )}
    </dl>
  );
}

function Figures({ pnl, rows }: { pnl: Resource<PnlResponse>; rows: PnlRow[] }) {
  if (pnl.data === undefined)
    return (
      <p className="mt-3 text-xs text-slate-400">
        {pnl.error ? `Trades and P&L unavailable: ${pnl.error.message}` : 'Loading trades and P&L…'}
      </p>
    );
  if (rows.length === 0) return <p className="mt-3 text-xs text-slate-400">No closed trades yet.</p>;
  // Four short figures per currency: a grid of label and value, which fits a phone without scrolling.
  return (
    <div className="mt-3 grid gap-2">
      {rows.map((r) => (
        <dl
          key={r.currency}
          data-currency={r.currency}
          className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4"
        >
          <Figure label="Trades">{r.trades}</Figure>
          <Figure label="Win rate">{formatPercent(r.winRate === null ? null : ratio(r.winRate, '1'), 1)}</Figure>
          <Figure label="Net P&L">
            <Amount value={r.netPnl} currency={r.currency} signed />
          </Figure>
          <Figure label="Fees">
            <Amount value={r.fees} currency={r.currency} />
          </Figure>
        </dl>
      ))}
    </div>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-[10px] font-medium tracking-wider text-slate-400 uppercase">{label}</dt>
      <dd className="font-mono tabular-nums">{children}</dd>
    </div>
  );
}
