import { useMemo, useState } from 'react';
import { loadBacktestCandles } from '../../api/endpoints';
import { FilterSelect } from '../../components/field';
import { Panel } from '../../components/panel';
import { symbolPrecision } from '../../format/precision';
import { formatDateTime, intervalMs as toIntervalMs } from '../../format/time';
import { useResource } from '../../hooks/use-resource';
import { CandleChart } from '../chart/candle-chart';
import { chartMarks } from '../chart/chart-markers';
import { tableTradeOf } from './backtest-trades';

/** Candles per page: a few hours of 1m candles, few enough that each trade's mark can be told apart. */
export const CANDLE_WINDOW = 300;

const button =
  'rounded-md border border-slate-700 px-3 py-1.5 text-sm text-slate-200 hover:bg-slate-800 disabled:cursor-not-allowed disabled:opacity-40';

/**
 * The candles the run stepped through for one of its symbols (from the backtest service, the run's
 * own source), its trades marked on them as on the chart page — buys below, sells above — a window
 * at a time.
 */
export function RunCandles({ runId, symbols }: { runId: string; symbols: readonly string[] }) {
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const symbol = chosen && symbols.includes(chosen) ? chosen : symbols[0];
  const [from, setFrom] = useState<string | undefined>(undefined);
  const candles = useResource(symbol ? `backtest-candles:${runId}:${symbol}:${from ?? ''}` : null, (signal) =>
    loadBacktestCandles(runId, { symbol: symbol!, limit: CANDLE_WINDOW, ...(from ? { from } : {}) }, signal),
  );
  const data = candles.data;
  const intervalMs = toIntervalMs(data?.interval ?? '') ?? 60_000;
  const marks = useMemo(
    () =>
      data
        ? chartMarks({
            candleStarts: data.candles.map((c) => c.startTime),
            intervalMs,
            signals: [],
            trades: data.trades.map(tableTradeOf),
          })
        : [],
    [data, intervalMs],
  );
  const first = data?.candles[0];
  // Asked for candles before the run's first: this page starts with it, there is nothing earlier.
  const atStart = from === undefined || (first !== undefined && first.startTime > Date.parse(from));
  const precision = symbolPrecision(symbol ?? '', {
    prices: data?.candles.slice(-200).flatMap((c) => [c.open, c.close]) ?? [],
  });

  return (
    <Panel
      id="panel-backtest-candles"
      title="Trades on the candles"
      resource={candles}
      isEmpty={(d) => d.candles.length === 0}
      empty="No candles for this symbol in the run's period."
      aside={<span data-testid="backtest-marks">{data && `${marks.length} trades marked · ${data.source}`}</span>}
    >
      {(d) => (
        <div className="grid gap-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            {symbols.length > 1 && (
              <div className="w-48">
                <FilterSelect
                  label="Symbol"
                  value={symbol ?? ''}
                  options={symbols}
                  allLabel="Choose a symbol"
                  onChange={(v) => {
                    setChosen(v || undefined);
                    setFrom(undefined);
                  }}
                />
              </div>
            )}
            <p className="text-sm text-slate-300 tabular-nums" aria-live="polite">
              {formatDateTime(d.candles[0]!.startTime)} – {formatDateTime(d.candles.at(-1)!.closeTime)}
            </p>
            <div className="flex gap-1">
              <button
                type="button"
                className={button}
                disabled={atStart || candles.loading}
                onClick={() => setFrom(new Date(d.candles[0]!.startTime - CANDLE_WINDOW * intervalMs).toISOString())}
              >
                Earlier
              </button>
              <button
                type="button"
                className={button}
                disabled={d.next === null || candles.loading}
                onClick={() => setFrom(d.next ?? undefined)}
              >
                Later
              </button>
            </div>
          </div>
          <CandleChart
            viewKey={`${runId}:${symbol}:${from ?? ''}`}
            history={d.candles}
            marks={marks}
            precision={precision}
            framedBars={CANDLE_WINDOW}
          />
        </div>
      )}
    </Panel>
  );
}
