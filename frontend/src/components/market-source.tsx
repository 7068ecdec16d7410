export interface SourceDescription {
  /** Short, shown in capitals: "BINANCE", "REPLAY", "SYNTHETIC". */
  label: string;
  detail: string;
  simulated: boolean;
}

/** The gateway's `source` in a trader's words, so simulated prices are never taken for real ones. */
export function describeSource(source: string | undefined): SourceDescription | undefined {
  if (!source) return undefined;
  if (source.startsWith('ccxt:')) {
    return { label: source.slice(5).toUpperCase(), detail: 'real exchange prices', simulated: false };
  }
  if (source === 'replay')
    return { label: 'REPLAY', detail: 'recorded candles replayed: not today’s prices', simulated: true };
  if (source === 'synthetic') return { label: 'SYNTHETIC', detail: 'random walk: not real prices', simulated: true };
  return { label: source.toUpperCase(), detail: 'market source reported by the gateway', simulated: true };
}

export function MarketSource({
  source,
  gatewayDown,
  feedDown = false,
}: {
  source: string | undefined;
  gatewayDown: boolean;
  /** The gateway runs but its feed delivers nothing (the exchange out of reach). */
  feedDown?: boolean;
}) {
  const described = describeSource(source);
  const d = described && feedDown ? { ...described, detail: 'feed down: no new prices' } : described;
  if (!d) {
    return (
      <span className="rounded-md bg-slate-800 px-2 py-1 text-xs font-semibold text-slate-300 ring-1 ring-slate-600">
        Prices: {gatewayDown ? 'unknown (gateway is down)' : 'unknown'}
      </span>
    );
  }
  return (
    <span
      aria-label={`market source ${d.label}: ${d.detail}`}
      title={`gateway source: ${source}`}
      className={`rounded-md px-2 py-1 text-xs font-semibold ring-1 ${
        feedDown
          ? 'bg-amber-500/20 text-amber-100 ring-amber-400/60'
          : d.simulated
            ? 'bg-violet-500/20 text-violet-200 ring-violet-400/60'
            : 'bg-sky-500/15 text-sky-200 ring-sky-400/50'
      }`}
    >
      Prices: <span className="font-black tracking-wider">{d.label}</span>
      <span className="ml-1 hidden font-normal sm:inline">· {d.detail}</span>
    </span>
  );
}
