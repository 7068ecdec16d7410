/**
 * What a live candle is, given the open time of the last candle this symbol analysed:
 * - `next`: later than the last one (the normal case, gaps included);
 * - `seen`: the same or the one before (a feed re-sending what was already handled; ignore it);
 * - `new-series`: more than one candle earlier: a replay started again from the beginning, so the
 *   indicators must start afresh.
 */
export type CandleOrder = 'next' | 'seen' | 'new-series';

export function classifyCandle(lastStartTime: number | undefined, startTime: number, intervalMs: number): CandleOrder {
  if (lastStartTime === undefined || startTime > lastStartTime) return 'next';
  return lastStartTime - startTime > intervalMs ? 'new-series' : 'seen';
}
