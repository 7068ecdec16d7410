import { dec, toPlain } from '@roottrading/accounting';
import { trailingStopSchema, type OpenPosition, type TrailingStop } from '@roottrading/contracts';
import type { PositionRow } from '@roottrading/db';
import { isoOrNull, trimOrNull, trimZeros } from './format.js';

/**
 * One open position valued at `lastPrice`: average entry = cost / quantity (average cost, fees
 * apart), market value = quantity × price, unrealized PnL = market value − cost, before exit fees.
 * Without a price the three price-dependent figures are null rather than a guess.
 */
export function valueOpenPosition(row: PositionRow, lastPrice: string | undefined): OpenPosition {
  const quantity = dec(row.quantity);
  const cost = dec(row.cost);
  const marketValue = lastPrice === undefined ? null : quantity.mul(lastPrice);
  return {
    strategy: row.strategy,
    symbol: row.symbol,
    quantity: toPlain(quantity),
    averageEntryPrice: toPlain(cost.div(quantity)),
    cost: toPlain(cost),
    lastPrice: lastPrice === undefined ? null : toPlain(dec(lastPrice)),
    marketValue: marketValue === null ? null : toPlain(marketValue),
    unrealizedPnl: marketValue === null ? null : toPlain(marketValue.minus(cost)),
    realizedGross: trimZeros(row.realized_gross),
    fees: trimZeros(row.fees),
    openedAt: isoOrNull(row.opened_at),
    stopLoss: trimOrNull(row.stop_loss),
    takeProfit: trimOrNull(row.take_profit),
    trailingStop: trailingRule(row.trailing_stop),
    trailingStopPrice: trimOrNull(row.trail_stop),
  };
}

/** The stored rule (jsonb, written by the trader) in the API's shape; a rule of another shape shows as none. */
export function trailingRule(stored: unknown): TrailingStop | null {
  if (stored === null || typeof stored !== 'object') return null;
  const r = stored as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'number' ? String(v) : v);
  const parsed = trailingStopSchema.safeParse({
    type: r.type,
    value: text(r.value),
    activation: r.activation === undefined || r.activation === null ? null : text(r.activation),
  });
  return parsed.success ? parsed.data : null;
}
