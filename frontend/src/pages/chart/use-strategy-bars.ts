import { useMemo } from 'react';
import { loadCandles } from '../../api/endpoints';
import type { StrategiesResponse } from '../../api/types';
import { intervalMs } from '../../format/time';
import { useResource, type Resource } from '../../hooks/use-resource';
import type { ChartCandle } from './chart-bars';
import { specOf, strategyTimeframe } from './overlays';

/** Bars of a strategy's own timeframe loaded before the chart's first bar: room for its indicators to warm up. */
export const WARMUP_BARS = 300;
/** The most the gateway serves in one page. */
export const MOST_BARS = 5_000;

/** How many bars of `ms` cover the chart's closed bars from `span.first` to `span.until`, and the warm-up before them. */
export const barsToCover = (ms: number, span: { first: number; until: number } | undefined) =>
  Math.min(MOST_BARS, WARMUP_BARS + (span ? Math.ceil((span.until - span.first) / ms) : 0));

/**
 * The closed bars of each timeframe a drawn strategy runs on other than the chart's (the gateway
 * builds them from the stored candles), for overlays computed on what the strategy itself steps.
 * Loaded again once a bar of one of them has closed since `span.until` (where the chart's closed bars end).
 */
export function useStrategyBars(
  symbol: string | undefined,
  strategies: StrategiesResponse['strategies'] | undefined,
  chartTimeframe: string,
  baseMs: number,
  span: { first: number; until: number } | undefined,
): Resource<ReadonlyMap<string, readonly ChartCandle[]>> {
  const timeframes = useMemo(() => {
    const wanted = (strategies ?? [])
      .filter((s) => specOf(s))
      .map(strategyTimeframe)
      .filter((tf): tf is string => {
        const ms = tf === undefined ? undefined : intervalMs(tf);
        return tf !== chartTimeframe && ms !== undefined && ms % baseMs === 0;
      });
    return [...new Set(wanted)].sort();
  }, [strategies, chartTimeframe, baseMs]);
  // Which period of each timeframe the chart has reached: moves once per bar closed of any of them.
  const reached = timeframes.map((tf) => Math.floor((span?.until ?? 0) / intervalMs(tf)!)).join(',');
  return useResource(
    symbol && timeframes.length ? `strategy-bars:${symbol}:${timeframes.join(',')}` : null,
    async (signal) => {
      const pages = await Promise.all(
        timeframes.map((tf) => loadCandles(symbol!, tf, signal, { limit: barsToCover(intervalMs(tf)!, span) })),
      );
      return new Map(timeframes.map((tf, i) => [tf, pages[i]!.candles]));
    },
    reached,
  );
}
