import { useMemo } from 'react';
import { loadCandles, loadSignals, loadTrades } from '../../api/endpoints';
import { useAppData } from '../../app-data';
import { SideBadge } from '../../components/badges';
import { FeedDownNotice } from '../../components/feed-down';
import { FilterSelect } from '../../components/field';
import { ErrorBox, Loading } from '../../components/panel';
import { symbolPrecision, formatPrice } from '../../format/precision';
import { formatDateTime, intervalMs as toIntervalMs } from '../../format/time';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useLiveSelect } from '../../live/live-context';
import { useQueryState } from '../../router';
import { CandleChart, type ChartCandle } from './candle-chart';
import { chartMarks, type AnySignal } from './chart-markers';

/**
 * One symbol's candles from the gateway, the strategies' signals from the analyzer and the fills
 * from the portfolio, marked on the candles; new candles and signals arrive live.
 */
export function ChartPage() {
  const { symbols, interval } = useAppData();
  const [query, setQuery] = useQueryState();
  const symbol = query.get('symbol') ?? symbols[0];
  const intervalMs = safeIntervalMs(interval);

  const epoch = useLiveSelect((s) => s.connectionEpoch);
  const candles = useResource(
    symbol ? `candles:${symbol}:${interval}` : null,
    (signal) => loadCandles(symbol!, interval, signal),
    epoch,
  );
  const signalsRefresh = useRefresh({ signals: true });
  const signals = useResource(
    symbol ? `signals:${symbol}` : null,
    (signal) => loadSignals({ symbol, limit: 500 }, signal),
    signalsRefresh,
  );
  const tradesRefresh = useRefresh({ account: true });
  const trades = useResource(
    symbol ? `chart-trades:${symbol}` : null,
    (signal) => loadTrades({ symbol, page: 1, limit: 500 }, signal),
    tradesRefresh,
  );
  const liveLog = useLiveSelect((s) => (symbol ? s.candleLog.get(symbol) : undefined));
  const liveSignals = useLiveSelect((s) => s.signals);

  const history: readonly ChartCandle[] = useMemo(() => {
    if (candles.data) return candles.data.candles;
    // No history from the gateway (an older gateway without GET /candles): draw what arrives live.
    return liveLog ?? [];
  }, [candles.data, liveLog]);

  // With history from the gateway, every live candle from its last bar on updates or appends a bar
  // (each of them, however many arrived at once); without it, they are the history.
  const live: readonly ChartCandle[] = useMemo(() => {
    const last = candles.data?.candles.at(-1)?.startTime;
    if (last === undefined || !liveLog) return [];
    return liveLog.filter((c) => c.startTime >= last);
  }, [candles.data, liveLog]);
  const latest = live.at(-1);
  const starts = useMemo(
    () => [...new Set([...history.map((c) => c.startTime), ...live.map((c) => c.startTime)])],
    [history, live],
  );

  const marks = useMemo(() => {
    const fromLive: AnySignal[] = liveSignals.filter((s) => s.symbol === symbol);
    return chartMarks({
      candleStarts: starts,
      intervalMs,
      signals: [...(signals.data?.signals ?? []), ...fromLive],
      trades: trades.data?.trades ?? [],
    });
  }, [starts, intervalMs, signals.data, liveSignals, trades.data, symbol]);

  const precision = symbolPrecision(symbol ?? '', {
    prices: [
      ...history.slice(-200).flatMap((c) => [c.open, c.high, c.low, c.close]),
      ...(latest ? [latest.close] : []),
    ],
  });
  const signalCount = marks.filter((m) => m.kind === 'signal').length;
  const tradeCount = marks.length - signalCount;

  return (
    <div className="grid gap-4">
      <FeedDownNotice />
      <div className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-800 bg-slate-900/60 p-4">
        <div className="w-48">
          <FilterSelect
            label="Symbol"
            value={symbol ?? ''}
            options={symbols}
            allLabel={symbols.length ? 'Choose a symbol' : 'No symbols known yet'}
            onChange={(v) => setQuery({ symbol: v || undefined })}
          />
        </div>
        <p className="text-sm text-slate-300">
          Interval <span className="font-semibold">{interval}</span>
          {candles.data?.source && (
            <>
              {' '}
              · source <span className="font-semibold">{candles.data.source}</span>
            </>
          )}
        </p>
        <p className="text-sm text-slate-300" aria-live="polite" data-testid="marks-summary">
          <span className="mr-3 inline-flex items-center gap-1">
            <span style={{ color: '#22d3ee' }}>▲</span>/<span style={{ color: '#f472b6' }}>▼</span> {signalCount}{' '}
            signals
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="font-bold text-emerald-400">B</span>/<span className="font-bold text-red-400">S</span>{' '}
            {tradeCount} trades marked
          </span>
        </p>
      </div>

      <section
        aria-labelledby="chart-title"
        className="min-w-0 rounded-xl border border-slate-800 bg-slate-900/60 p-2 sm:p-4"
      >
        <h2 id="chart-title" className="sr-only">
          {symbol} candles
        </h2>
        <div className="grid gap-2 px-2 pb-2">
          {candles.error && (
            <ErrorBox
              error={{
                ...candles.error,
                message: `${candles.error.message}. Candle history is unavailable; candles arriving live are drawn as they come.`,
              }}
            />
          )}
          {signals.error && <ErrorBox error={signals.error} />}
          {trades.error && <ErrorBox error={trades.error} />}
        </div>
        {!symbol ? (
          <p className="py-10 text-center text-sm text-slate-400">No symbols known yet: is the gateway running?</p>
        ) : candles.loading && !candles.data && history.length === 0 ? (
          <Loading label="loading candles" />
        ) : history.length === 0 && !latest ? (
          <p className="py-10 text-center text-sm text-slate-400" role="status">
            No candles for {symbol} yet{candles.error ? '; waiting for live ones' : ''}.
          </p>
        ) : null}
        {symbol && (
          <div className={history.length === 0 && !latest ? 'hidden' : undefined}>
            <CandleChart
              // The view starts afresh for another symbol, and once when the history replaces live-only candles.
              viewKey={`${symbol}:${candles.data ? 'history' : 'live'}`}
              history={history}
              live={live}
              marks={marks}
              precision={precision}
            />
          </div>
        )}
      </section>

      <MarkList marks={marks} precision={precision} />
    </div>
  );
}

/** The same marks as text, newest first: readable without the chart (and by a screen reader). */
function MarkList({
  marks,
  precision,
}: {
  marks: ReturnType<typeof chartMarks>;
  precision: ReturnType<typeof symbolPrecision>;
}) {
  const latest = [...marks].reverse().slice(0, 25);
  return (
    <details className="rounded-xl border border-slate-800 bg-slate-900/60 p-4">
      <summary className="cursor-pointer text-sm font-semibold text-slate-200">
        Marks on the chart ({marks.length})
      </summary>
      {latest.length === 0 ? (
        <p className="mt-3 text-sm text-slate-400">No signals or trades on the candles shown.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm whitespace-nowrap">
            <thead>
              <tr className="border-b border-slate-800 text-left text-xs tracking-wider text-slate-400 uppercase">
                <th className="py-2 pr-4 font-medium">Candle</th>
                <th className="py-2 pr-4 font-medium">Kind</th>
                <th className="py-2 pr-4 font-medium">Side</th>
                <th className="py-2 pr-4 font-medium">Strategy</th>
                <th className="py-2 text-right font-medium">Price</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((m) => (
                <tr key={m.id} className="border-b border-slate-800/60 last:border-0">
                  <td className="py-1.5 pr-4 text-slate-300 tabular-nums">{formatDateTime(m.candleStart)}</td>
                  <td className="py-1.5 pr-4">{m.kind}</td>
                  <td className="py-1.5 pr-4">
                    <SideBadge side={m.side} />
                  </td>
                  <td className="py-1.5 pr-4">{m.strategy}</td>
                  <td className="py-1.5 text-right font-mono tabular-nums">{formatPrice(m.price, precision)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

function safeIntervalMs(interval: string): number {
  return toIntervalMs(interval) ?? 60_000;
}
