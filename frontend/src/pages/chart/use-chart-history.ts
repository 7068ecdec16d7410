import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CandlesResponse } from '@roottrading/contracts';
import { loadCandles } from '../../api/endpoints';
import { toLoadError, useResource, type LoadError, type Resource } from '../../hooks/use-resource';
import { mergeOlder, type ChartCandle } from './chart-bars';

/** Bars per page, the first one and every older one. */
export const PAGE_BARS = 500;

interface Older {
  key: string | null;
  bars: ChartCandle[];
  /** The gateway had nothing older: panning further left asks no more. */
  exhausted: boolean;
  loading: boolean;
  error?: LoadError;
}

export interface ChartHistory {
  first: Resource<CandlesResponse>;
  /** The base candles of the forming bar's period (a higher timeframe only): what it is built from. */
  tail: Resource<CandlesResponse>;
  /** Every closed bar held, oldest first: older pages in front of the first one, no open time twice. */
  bars: ChartCandle[];
  older: Omit<Older, 'key' | 'bars'>;
  loadOlder: () => void;
}

/**
 * A symbol's bars on one timeframe: the latest page, loaded again when `reload` moves, and older
 * pages (`before` the oldest bar held) each time the view reaches the left edge — one request at a
 * time, none once the gateway has nothing older. The older pages are kept across a reload unless the
 * new first page no longer joins them (a reload after a long gap): bars with a hole between them
 * would read as a market that did not trade.
 */
export function useChartHistory(
  symbol: string | undefined,
  timeframe: string,
  baseInterval: string,
  timeframeMs: number,
  baseMs: number,
  reload: number,
): ChartHistory {
  const key = symbol ? `${symbol}:${timeframe}` : null;
  const first = useResource(key && `candles:${key}`, (signal) => loadCandles(symbol!, timeframe, signal), reload);
  // The forming bar's period holds at most timeframe / base candles: the newest that many cover it.
  const tailKey = symbol && timeframe !== baseInterval ? `tail:${key}` : null;
  const tail = useResource(
    tailKey,
    (signal) => loadCandles(symbol!, baseInterval, signal, { limit: Math.ceil(timeframeMs / baseMs) }),
    reload,
  );
  const [older, setOlder] = useState<Older>({ key, bars: [], exhausted: false, loading: false });
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => {
    inFlight.current?.abort();
    inFlight.current = null;
    setOlder({ key, bars: [], exhausted: false, loading: false });
  }, [key]);

  const firstBars = first.data?.candles;
  const held = older.key === key ? older.bars : [];
  const joins =
    held.length === 0 || !firstBars?.length || held.at(-1)!.startTime + timeframeMs >= firstBars[0]!.startTime;
  const bars = useMemo(() => mergeOlder(firstBars ?? [], joins ? held : []), [firstBars, held, joins]);

  const loadOlder = useCallback(() => {
    const oldest = bars[0]?.startTime;
    if (!symbol || oldest === undefined || inFlight.current || (older.key === key && older.exhausted)) return;
    const controller = new AbortController();
    inFlight.current = controller;
    setOlder((o) => ({ ...o, loading: true }));
    loadCandles(symbol, timeframe, controller.signal, { before: oldest, limit: PAGE_BARS }).then(
      (page) => {
        if (controller.signal.aborted) return;
        inFlight.current = null;
        setOlder((o) => ({
          key,
          bars: mergeOlder(o.key === key ? o.bars : [], page.candles),
          exhausted: page.candles.length < PAGE_BARS,
          loading: false,
        }));
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        inFlight.current = null;
        setOlder((o) => ({ ...o, loading: false, error: toLoadError(err) }));
      },
    );
  }, [bars, symbol, timeframe, key, older.key, older.exhausted]);

  useEffect(() => () => inFlight.current?.abort(), []);

  return {
    first,
    tail,
    bars,
    older: { exhausted: older.exhausted, loading: older.loading, error: older.error },
    loadOlder,
  };
}
