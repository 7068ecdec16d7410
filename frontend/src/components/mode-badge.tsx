import type { TradingMode } from '@roottrading/contracts';

/** The full-width strip across the top: nobody should mistake demo balances for real money or vice versa. */
export function ModeBanner({ mode }: { mode: TradingMode | undefined }) {
  if (mode === 'live') {
    return (
      <div role="status" className="bg-red-600 px-4 py-2 text-center text-sm font-bold tracking-wide text-white">
        <span className="mr-2 inline-block h-2.5 w-2.5 animate-pulse rounded-full bg-white align-middle" />
        LIVE TRADING: orders are sent to the exchange with real money
      </div>
    );
  }
  if (mode === 'demo') {
    return (
      <div role="status" className="bg-amber-400 px-4 py-2 text-center text-sm font-bold tracking-wide text-amber-950">
        DEMO MODE: simulated balances, no real orders
      </div>
    );
  }
  return (
    <div role="status" className="bg-slate-700 px-4 py-2 text-center text-sm font-semibold text-slate-100">
      Trading mode unknown: the trader has not answered yet
    </div>
  );
}

export function ModeBadge({ mode }: { mode: TradingMode | undefined }) {
  const style =
    mode === 'live'
      ? 'bg-red-600 text-white ring-red-400'
      : mode === 'demo'
        ? 'bg-amber-400 text-amber-950 ring-amber-200'
        : 'bg-slate-700 text-slate-200 ring-slate-500';
  return (
    <span
      className={`rounded-md px-3 py-1 text-lg font-black tracking-widest uppercase ring-2 ${style}`}
      title="Trading mode reported by the trader"
      aria-label={`trading mode: ${mode ?? 'unknown'}`}
    >
      {mode ?? 'mode ?'}
    </span>
  );
}
