import type { Side, TradeRow } from '@roottrading/contracts';
import type { SignalView } from '../../api/types';

/** A signal or an executed trade, placed on the candle it belongs to. */
export interface ChartMark {
  id: string;
  kind: 'signal' | 'trade';
  side: Side;
  strategy: string;
  price: string;
  quantity?: string;
  /** Open time (ms) of the candle it is drawn on. */
  candleStart: number;
  /** Its own time (ms): the signal's candle, the fill's time. */
  at: number;
}

/** A signal as it arrives live (epoch ms) or from GET /signals (ISO strings). */
export type AnySignal = Pick<SignalView, 'id' | 'strategy' | 'side' | 'price'> & { timestamp: string | number };

function toMs(t: string | number): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

/**
 * Marks for the candles on screen. A signal belongs to the candle it was computed on (its
 * timestamp is that candle's open time); a fill to the candle whose interval holds its time (a
 * signal's fill is stamped at its candle's close). Whatever falls on no candle shown — a manual
 * fill at wall-clock time during a replay of 2023, a signal older than the history loaded — is
 * left out rather than drawn at a wrong place. Duplicates (the same signal fetched and pushed
 * live) count once. Sorted by time, as the chart requires.
 */
export function chartMarks({
  candleStarts,
  intervalMs,
  signals,
  trades,
}: {
  /** Open times (ms) of the candles on the chart. */
  candleStarts: readonly number[];
  intervalMs: number;
  signals: readonly AnySignal[];
  trades: readonly Pick<TradeRow, 'id' | 'side' | 'strategy' | 'price' | 'quantity' | 'timestamp'>[];
}): ChartMark[] {
  if (candleStarts.length === 0) return [];
  const starts = new Set(candleStarts);
  const candleOf = (ms: number): number | undefined => {
    if (!Number.isFinite(ms)) return undefined;
    const start = Math.floor(ms / intervalMs) * intervalMs;
    return starts.has(start) ? start : undefined;
  };
  const marks = new Map<string, ChartMark>();
  for (const s of signals) {
    const at = toMs(s.timestamp);
    const candleStart = candleOf(at);
    if (candleStart === undefined) continue;
    marks.set(`s:${s.id}`, {
      id: `s:${s.id}`,
      kind: 'signal',
      side: s.side,
      strategy: s.strategy,
      price: s.price,
      candleStart,
      at,
    });
  }
  for (const t of trades) {
    const at = toMs(t.timestamp);
    const candleStart = candleOf(at);
    if (candleStart === undefined) continue;
    marks.set(`t:${t.id}`, {
      id: `t:${t.id}`,
      kind: 'trade',
      side: t.side,
      strategy: t.strategy,
      price: t.price,
      quantity: t.quantity,
      candleStart,
      at,
    });
  }
  return [...marks.values()].sort(
    (a, b) => a.candleStart - b.candleStart || (a.kind === b.kind ? 0 : a.kind === 'signal' ? -1 : 1),
  );
}
