import { useCallback, useEffect, useMemo, useState } from 'react';
import { loadPositions, loadRecentOrders, loadSignals, loadStrategies, loadTrades } from '../../api/endpoints';
import { useAppData } from '../../app-data';
import { FeedDownNotice } from '../../components/feed-down';
import { ErrorBox, Loading } from '../../components/panel';
import { candlePrices, symbolPrecision } from '../../format/precision';
import { intervalMs as toIntervalMs } from '../../format/time';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useLiveSelect } from '../../live/live-context';
import { useQueryState } from '../../router';
import { CandleChart } from './candle-chart';
import { liveBars, liveGap, type ChartBar } from './chart-bars';
import { chartMarks, type AnySignal } from './chart-markers';
import { CHART_TIMEFRAMES, ChartToolbar } from './chart-toolbar';
import { MarkList } from './mark-list';
import { runsOn, strategyOverlays } from './overlays';
import { positionLines } from './position-lines';
import { useChartHistory } from './use-chart-history';
import { useStrategyBars } from './use-strategy-bars';

/**
 * One symbol's bars on a chosen timeframe from the gateway (older pages loaded as the view is
 * panned left), the strategies' signals and indicators from the analyzer, the fills and the open
 * positions' levels from the portfolio; new candles and signals arrive live, and on a higher
 * timeframe the forming bar is built from the live 1m candles and drawn apart until it closes.
 */
export function ChartPage() {
  const { symbols, interval } = useAppData();
  const [query, setQuery] = useQueryState();
  const symbol = query.get('symbol') ?? symbols[0];
  const baseMs = toIntervalMs(interval) ?? 60_000;
  const timeframes = CHART_TIMEFRAMES.filter((tf) => {
    const ms = toIntervalMs(tf)!;
    return ms >= baseMs && ms % baseMs === 0;
  });
  const asked = query.get('tf');
  const timeframe = asked && (timeframes as string[]).includes(asked) ? asked : interval;
  const timeframeMs = toIntervalMs(timeframe) ?? baseMs;

  const epoch = useLiveSelect((s) => s.connectionEpoch);
  const history = useChartHistory(symbol, timeframe, interval, timeframeMs, baseMs, epoch);
  const candles = history.first;
  const signalsRefresh = useRefresh({ signals: true });
  const signals = useResource(
    symbol ? `signals:${symbol}` : null,
    (signal) => loadSignals({ symbol, limit: 500 }, signal),
    signalsRefresh,
  );
  const accountRefresh = useRefresh({ account: true });
  const trades = useResource(
    symbol ? `chart-trades:${symbol}` : null,
    (signal) => loadTrades({ symbol, page: 1, limit: 500 }, signal),
    accountRefresh,
  );
  const positions = useResource('chart-positions', loadPositions, accountRefresh);
  // Refused and expired signals are only in the trader's orders (with their reason).
  const orders = useResource('chart-orders', loadRecentOrders, signalsRefresh);
  const [showRefused, setShowRefused] = useState(true);
  const strategies = useResource('chart-strategies', loadStrategies);
  // The strategies (and STRATEGIES_FILE instances) that run on this symbol: only theirs are drawn.
  // Memoised on the answer itself: the overlays are computed again only when it or the bars change.
  const runHere = useMemo(
    () => strategies.data?.strategies.filter((s) => runsOn(s, symbol)),
    [strategies.data, symbol],
  );
  const liveLog = useLiveSelect((s) => (symbol ? s.candleLog.get(symbol) : undefined));
  const liveSignals = useLiveSelect((s) => s.signals);

  const bars: readonly ChartBar[] = useMemo(() => {
    if (candles.data) return history.bars;
    // No history from the gateway (an older gateway without GET /candles): draw what arrives live.
    return timeframe === interval ? (liveLog ?? []) : [];
  }, [candles.data, history.bars, liveLog, timeframe, interval]);

  // With history, every live candle from its last bar on updates or appends a bar (each of them,
  // however many arrived at once); on a higher timeframe they build the bars after the last closed one.
  const live: readonly ChartBar[] = useMemo(() => {
    if (!candles.data) return [];
    return liveBars({
      historyLast: history.bars.at(-1)?.startTime,
      base: [...(history.tail.data?.candles ?? []), ...(liveLog ?? [])],
      baseMs,
      timeframeMs,
    });
  }, [candles.data, history.bars, history.tail.data, liveLog, baseMs, timeframeMs]);
  // Candles pushed and since forgotten by the store would leave a hole: load again, once per hole.
  const onBase = timeframe === interval;
  const loadedLast = onBase ? history.bars.at(-1)?.startTime : history.tail.data?.candles.at(-1)?.startTime;
  const gap =
    candles.data && liveGap(loadedLast, liveLog?.[0]?.startTime, baseMs)
      ? `${loadedLast}:${liveLog![0]!.startTime}`
      : '';
  const { first: firstPage, tail: tailPage } = history;
  useEffect(() => {
    // Keyed on the hole alone: once per hole, not on every render.
    if (gap) (onBase ? firstPage : tailPage).reload();
  }, [gap]);
  const latest = live.at(-1);
  const starts = useMemo(
    () => [...new Set([...bars.map((c) => c.startTime), ...live.map((c) => c.startTime)])],
    [bars, live],
  );

  const marks = useMemo(() => {
    const fromLive: AnySignal[] = liveSignals.filter((s) => s.symbol === symbol);
    return chartMarks({
      candleStarts: starts,
      intervalMs: timeframeMs,
      signals: [...(signals.data?.signals ?? []), ...fromLive],
      trades: trades.data?.trades ?? [],
      orders: showRefused ? (orders.data?.orders ?? []) : [],
    });
  }, [starts, timeframeMs, signals.data, liveSignals, trades.data, symbol, orders.data, showRefused]);

  // Over closed bars only (a strategy never sees a forming one), each once: the live ones start
  // with the history's last bar, which they update.
  const closed = useMemo(() => {
    const last = bars.at(-1)?.startTime ?? -Infinity;
    return [...bars, ...live.filter((b) => !b.forming && b.startTime > last)];
  }, [bars, live]);
  const span = closed.length
    ? { first: closed[0]!.startTime, until: closed.at(-1)!.startTime + timeframeMs }
    : undefined;
  const ownBars = useStrategyBars(symbol, runHere, timeframe, baseMs, span);
  const allOverlays = useMemo(
    () => strategyOverlays(runHere ?? [], { timeframe, bars: closed }, ownBars.data),
    [runHere, closed, timeframe, ownBars.data],
  );
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setHidden((h) => {
        const next = new Set(h);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const overlays = useMemo(() => allOverlays.filter((o) => !hidden.has(o.id)), [allOverlays, hidden]);
  const lines = useMemo(
    () => (symbol ? positionLines(positions.data?.positions ?? [], symbol) : []),
    [positions.data, symbol],
  );

  // The market's own prices decide the decimals (a fill's average with slippage does not).
  const precision = symbolPrecision(symbol ?? '', {
    marketPrices: [...bars.slice(-200).flatMap(candlePrices), ...candlePrices(latest)],
  });
  const signalCount = marks.filter((m) => m.kind === 'signal').length;
  const refusedCount = marks.filter((m) => m.kind === 'refused').length;

  return (
    <div className="grid gap-4">
      <FeedDownNotice />
      <ChartToolbar
        symbols={symbols}
        symbol={symbol}
        onSymbol={(v) => setQuery({ symbol: v })}
        timeframes={timeframes}
        timeframe={timeframe}
        onTimeframe={(tf) => setQuery({ tf: tf === interval ? undefined : tf })}
        overlays={allOverlays}
        hidden={hidden}
        onToggle={toggle}
        source={candles.data?.source}
        signalCount={signalCount}
        tradeCount={marks.length - signalCount - refusedCount}
        refused={{ shown: showRefused, count: refusedCount, onToggle: () => setShowRefused((v) => !v) }}
      />

      <section
        aria-labelledby="chart-title"
        className="min-w-0 rounded-xl border border-slate-800 bg-slate-900/60 p-2 sm:p-4"
      >
        <h2 id="chart-title" className="sr-only">
          {symbol} {timeframe} bars
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
          {[history.tail.error, history.older.error, signals.error, trades.error, strategies.error, ownBars.error].map(
            (e, i) => e && <ErrorBox key={i} error={e} />,
          )}
        </div>
        {!symbol ? (
          <p className="py-10 text-center text-sm text-slate-400">No symbols known yet: is the gateway running?</p>
        ) : candles.loading && !candles.data && bars.length === 0 ? (
          <Loading label="loading candles" />
        ) : bars.length === 0 && !latest ? (
          <p className="py-10 text-center text-sm text-slate-400" role="status">
            No candles for {symbol} yet{candles.error ? '; waiting for live ones' : ''}.
          </p>
        ) : null}
        {symbol && (
          <div className={bars.length === 0 && !latest ? 'hidden' : undefined}>
            <CandleChart
              // The view starts afresh for another symbol or timeframe, and once when the history replaces live-only candles.
              viewKey={`${symbol}:${timeframe}:${candles.data ? 'history' : 'live'}`}
              history={bars}
              live={live}
              marks={marks}
              precision={precision}
              overlays={overlays}
              lines={lines}
              onLeftEdge={candles.data ? history.loadOlder : undefined}
            />
            <p className="px-2 pt-1 text-xs text-slate-400" data-testid="history-state">
              {history.older.loading
                ? 'loading older bars…'
                : history.older.exhausted
                  ? 'no older bars'
                  : 'pan left for older bars'}
            </p>
          </div>
        )}
      </section>

      <MarkList marks={marks} precision={precision} />
    </div>
  );
}
