import { dec, toPlain } from '@roottrading/accounting';
import { quoteOf, type ClosedPosition, type ClosedTrade } from '@roottrading/contracts';
import type { ClosedPositionRow } from '@roottrading/db';
import { trimZeros } from './format.js';

export function toClosedPosition(r: ClosedPositionRow): ClosedPosition {
  return {
    id: r.id,
    strategy: r.strategy,
    symbol: r.symbol,
    quantity: trimZeros(r.quantity),
    entryPrice: trimZeros(r.entry_price),
    exitPrice: trimZeros(r.exit_price),
    openedAt: r.opened_at.toISOString(),
    closedAt: r.closed_at.toISOString(),
    // Candle time, so a position held 3 candles of 1m reads 180 s even in a replay that took a second.
    durationSeconds: (r.closed_at.getTime() - r.opened_at.getTime()) / 1000,
    grossPnl: trimZeros(r.gross_pnl),
    fees: trimZeros(r.fees),
    netPnl: trimZeros(r.net_pnl),
    exitReason: r.exit_reason,
  };
}

/**
 * A closed position as a round trip: its currency and its net result as a percentage of what the
 * entries cost. The percentage is a ratio, rounded half-even to the 18 decimals money has.
 */
export function toClosedTrade(r: ClosedPositionRow): ClosedTrade {
  const cost = dec(r.quantity).mul(r.entry_price);
  return {
    ...toClosedPosition(r),
    currency: quoteOf(r.symbol),
    profitPct: cost.isZero() ? '0' : toPlain(dec(r.net_pnl).div(cost).mul(100)),
    demo: r.demo,
  };
}

export const CSV_COLUMNS = [
  'id',
  'account',
  'strategy',
  'symbol',
  'currency',
  'quantity',
  'entry_price',
  'exit_price',
  'opened_at',
  'closed_at',
  'duration_seconds',
  'gross_pnl',
  'fees',
  'net_pnl',
  'profit_pct',
  'exit_reason',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The export, one line per round trip; amounts exactly as the API gives them (never a float). */
export function closedTradesCsv(trades: readonly ClosedTrade[]): string {
  const lines = trades.map((t) =>
    [
      t.id,
      t.demo ? 'demo' : 'live',
      t.strategy,
      t.symbol,
      t.currency,
      t.quantity,
      t.entryPrice,
      t.exitPrice,
      t.openedAt,
      t.closedAt,
      t.durationSeconds,
      t.grossPnl,
      t.fees,
      t.netPnl,
      t.profitPct,
      t.exitReason,
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
