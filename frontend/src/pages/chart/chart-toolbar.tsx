import { ChoiceGroup } from '../../components/choice-group';
import { FilterSelect } from '../../components/field';
import type { Overlay } from './overlays';

/** The timeframes the chart offers (the gateway builds them from its stored 1m candles). */
export const CHART_TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;

/**
 * Symbol, timeframe and the overlays to draw; what is marked. Only the timeframes the gateway can
 * build from its interval are offered (whole multiples of it).
 */
export function ChartToolbar({
  symbols,
  symbol,
  onSymbol,
  timeframes,
  timeframe,
  onTimeframe,
  overlays,
  hidden,
  onToggle,
  source,
  signalCount,
  tradeCount,
  refused,
}: {
  symbols: string[];
  symbol: string | undefined;
  onSymbol: (symbol: string | undefined) => void;
  timeframes: readonly string[];
  timeframe: string;
  onTimeframe: (tf: string) => void;
  overlays: readonly Overlay[];
  hidden: ReadonlySet<string>;
  onToggle: (id: string) => void;
  source: string | null | undefined;
  signalCount: number;
  tradeCount: number;
  /** Signals the trader refused or let expire, marked R beside their arrow. */
  refused: { shown: boolean; count: number; onToggle: () => void };
}) {
  return (
    <div className="grid gap-3 rounded-xl border border-slate-800 bg-slate-900/60 p-4">
      <div className="flex flex-wrap items-end gap-4">
        <div className="w-48">
          <FilterSelect
            label="Symbol"
            value={symbol ?? ''}
            options={symbols}
            allLabel={symbols.length ? 'Choose a symbol' : 'No symbols known yet'}
            onChange={(v) => onSymbol(v || undefined)}
          />
        </div>
        <div className="w-full max-w-md">
          <ChoiceGroup
            legend="Timeframe"
            name="timeframe"
            value={timeframe}
            choices={timeframes.map((tf) => ({ value: tf, label: tf }))}
            onChange={onTimeframe}
          />
        </div>
        {source && (
          <p className="text-sm text-slate-300">
            source <span className="font-semibold">{source}</span>
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        {overlays.length > 0 && (
          <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <legend className="sr-only">Indicators</legend>
            {overlays.map((o) => (
              <label key={o.id} className="inline-flex cursor-pointer items-center gap-1.5 text-slate-200">
                <input
                  type="checkbox"
                  checked={!hidden.has(o.id)}
                  onChange={() => onToggle(o.id)}
                  className="accent-sky-500"
                />
                <span className="inline-block h-0.5 w-3" style={{ background: o.lines[0]?.color }} />
                {o.label}
                <span className="text-xs text-slate-400">
                  ({o.id}
                  {o.projected ? `, on its ${o.timeframe} bars` : ''})
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <label className="inline-flex cursor-pointer items-center gap-1.5 text-slate-200">
          <input type="checkbox" checked={refused.shown} onChange={refused.onToggle} className="accent-sky-500" />
          <span className="font-bold text-slate-400">R</span> refused signals
          {refused.shown ? ` (${refused.count})` : ''}
        </label>
        <p className="text-slate-300" aria-live="polite" data-testid="marks-summary">
          <span className="mr-3 inline-flex items-center gap-1">
            <span style={{ color: '#22d3ee' }}>▲</span>/<span style={{ color: '#f472b6' }}>▼</span> {signalCount}{' '}
            signals
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="font-bold text-emerald-400">B</span>/
            <span className="font-bold text-red-400">SL TP TS X M</span> {tradeCount} trades marked
          </span>
        </p>
      </div>
    </div>
  );
}
