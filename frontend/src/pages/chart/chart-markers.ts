import type { ExitReason, Order, Side, TradeRow } from '@roottrading/contracts';
import type { SignalView } from '../../api/types';

/** A signal or an executed trade, placed on the candle it belongs to. */
export interface ChartMark {
  id: string;
  /** `refused`: a signal the trader refused or let expire (the order it made says why). */
  kind: 'signal' | 'trade' | 'refused';
  side: Side;
  strategy: string;
  price: string;
  quantity?: string;
  /** A trade that closed (part of) a position: why. Entries have none. */
  exitReason?: ExitReason | null;
  /** A refused signal's reason, as the trader recorded it. */
  reason?: string | null;
  /** Open time (ms) of the candle it is drawn on. */
  candleStart: number;
  /** Its own time (ms): the signal's candle, the fill's time. */
  at: number;
}

const KIND_ORDER: Record<ChartMark['kind'], number> = { signal: 0, refused: 1, trade: 2 };

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
  orders = [],
}: {
  /** Open times (ms) of the candles on the chart. */
  candleStarts: readonly number[];
  intervalMs: number;
  signals: readonly AnySignal[];
  trades: readonly (Pick<TradeRow, 'id' | 'side' | 'strategy' | 'price' | 'quantity' | 'timestamp'> &
    Partial<Pick<TradeRow, 'exitReason'>>)[];
  /** The trader's orders: a signal's rejected or expired one marks the signal refused. */
  orders?: readonly Pick<Order, 'signalId' | 'status' | 'reason'>[];
}): ChartMark[] {
  if (candleStarts.length === 0) return [];
  const starts = new Set(candleStarts);
  const candleOf = (ms: number): number | undefined => {
    if (!Number.isFinite(ms)) return undefined;
    const start = Math.floor(ms / intervalMs) * intervalMs;
    return starts.has(start) ? start : undefined;
  };
  const refusals = new Map<string, Pick<Order, 'status' | 'reason'>>();
  for (const o of orders)
    if (o.signalId && (o.status === 'rejected' || o.status === 'expired')) refusals.set(o.signalId, o);
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
    const refused = refusals.get(s.id);
    if (refused) {
      const reason =
        refused.status === 'expired' ? `expired${refused.reason ? `: ${refused.reason}` : ''}` : refused.reason;
      marks.set(`r:${s.id}`, { ...marks.get(`s:${s.id}`)!, id: `r:${s.id}`, kind: 'refused', reason });
    }
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
      exitReason: t.exitReason ?? null,
      candleStart,
      at,
    });
  }
  return [...marks.values()].sort((a, b) => a.candleStart - b.candleStart || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

/** How a mark is drawn: shape, colour, letters, and the word the legend and the tooltip use. */
export interface MarkStyle {
  shape: 'arrowUp' | 'arrowDown' | 'circle' | 'square';
  color: string;
  text?: string;
  label: string;
}

const EXIT_STYLES: Record<ExitReason, MarkStyle> = {
  stop_loss: { shape: 'square', color: '#ef4444', text: 'SL', label: 'stop-loss exit' },
  take_profit: { shape: 'square', color: '#22c55e', text: 'TP', label: 'take-profit exit' },
  trailing_stop: { shape: 'square', color: '#f59e0b', text: 'TS', label: 'trailing-stop exit' },
  signal: { shape: 'circle', color: '#f97316', text: 'X', label: 'signal exit' },
  manual: { shape: 'circle', color: '#e2e8f0', text: 'MX', label: 'manual exit' },
  kill_switch: { shape: 'square', color: '#dc2626', text: 'K', label: 'kill-switch exit' },
  partial_take_profit: { shape: 'square', color: '#86efac', text: 'PT', label: 'partial take-profit exit' },
  time_stop: { shape: 'circle', color: '#a78bfa', text: 'T', label: 'time-stop exit' },
};

/**
 * Signals are arrows (R beside one the trader refused); an entry is a B circle (M for a manual one); an exit says why it closed:
 * SL stop loss, TP take profit, TS trailing stop, X the strategy's SELL, MX manual, K kill switch,
 * PT partial take profit, T time stop.
 */
export function markStyle(m: Pick<ChartMark, 'kind' | 'side' | 'strategy' | 'exitReason'>): MarkStyle {
  const buy = m.side === 'BUY';
  if (m.kind === 'refused') return { shape: 'square', color: '#94a3b8', text: 'R', label: 'refused signal' };
  if (m.kind === 'signal') {
    return buy
      ? { shape: 'arrowUp', color: '#22d3ee', label: 'BUY signal' }
      : { shape: 'arrowDown', color: '#f472b6', label: 'SELL signal' };
  }
  if (m.exitReason) return EXIT_STYLES[m.exitReason];
  const manual = m.strategy === 'manual';
  if (buy) {
    return manual
      ? { shape: 'circle', color: '#38bdf8', text: 'M', label: 'manual entry' }
      : { shape: 'circle', color: '#10b981', text: 'B', label: 'entry' };
  }
  // A SELL without a position to close (an older trader recorded no reason).
  return { shape: 'circle', color: '#ef4444', text: manual ? 'M' : 'S', label: manual ? 'manual sell' : 'sell' };
}
