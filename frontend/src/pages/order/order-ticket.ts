import type { OrderRequest } from '../../api/place-order';
import { compareDecimals, isDecimal, mulDecimals, subDecimals, addDecimals } from '../../format/decimal';

/** A stop or target as typed: a % away from the order's price, or the price itself. */
export interface LevelInput {
  value: string;
  mode: 'percent' | 'price';
}

/** A trailing stop as typed: a % of the high or a price distance, and an optional % gain before it starts. */
export interface TrailingInput {
  value: string;
  mode: 'percent' | 'distance';
  activation: string;
}

export interface TicketValues {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'market' | 'limit';
  quantity: string;
  /** The limit price (limit orders). */
  price: string;
  stopLoss: LevelInput;
  takeProfit: LevelInput;
  trailing: TrailingInput;
}

export const TICKET_FIELDS = [
  'symbol',
  'side',
  'type',
  'quantity',
  'price',
  'stopLoss',
  'takeProfit',
  'trailingStop',
  'trailingActivation',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** Where the trader's 400 details land on the form: its field names, nested ones included. */
export function ticketFieldOf(field: string): TicketField | undefined {
  if (field === 'trailingStop.activation') return 'trailingActivation';
  if (field.startsWith('trailingStop')) return 'trailingStop';
  return (TICKET_FIELDS as readonly string[]).includes(field) ? (field as TicketField) : undefined;
}

/** Whether the form shows the field now: the limit price for a limit order, protections for a BUY. */
export function fieldShown(field: TicketField, v: Pick<TicketValues, 'side' | 'type'>): boolean {
  if (field === 'price') return v.type === 'limit';
  if (field === 'stopLoss' || field === 'takeProfit' || field === 'trailingStop' || field === 'trailingActivation') {
    return protects(v);
  }
  return true;
}

export const EMPTY_LEVEL: LevelInput = { value: '', mode: 'percent' };
export const EMPTY_TRAILING: TrailingInput = { value: '', mode: 'percent', activation: '' };

/** Only a BUY opens a position, so only a BUY carries protections. */
export const protects = (v: Pick<TicketValues, 'side'>) => v.side === 'BUY';

export interface Ticket {
  /** The POST /trade body, when the form holds a whole order. */
  request?: OrderRequest;
  errors: Partial<Record<TicketField, string>>;
  /** The stop and target as the prices sent (a % turned into a price), for the form to show. */
  stopLossPrice?: string;
  takeProfitPrice?: string;
}

const positive = (v: string) => isDecimal(v) && compareDecimals(v, '0') > 0;
/** pct % as a fraction, exactly: "2.5" → "0.025". */
const fraction = (pct: string) => mulDecimals(pct, '0.01');

/**
 * The price an order's % levels are taken from: the limit price of a limit order, the last price
 * of a market order (which fills at it plus the trader's slippage).
 */
export function referencePrice(v: TicketValues, lastPrice: string | undefined): string | undefined {
  if (v.type === 'limit') return positive(v.price.trim()) ? v.price.trim() : undefined;
  return lastPrice;
}

/**
 * The form as the trader's POST /trade takes it (tradeRequestSchema): quantity and limit price as
 * typed, a stop or target in % turned into the price that far below or above the reference price
 * (exactly; the trader puts it on the tick, the stop down and the target up), a trailing stop as
 * {"type": "percent", "value": fraction} or {"type": "distance", "value": price}, its activation as
 * a fraction. What cannot be sent is said next to its field.
 */
export function readTicket(v: TicketValues, lastPrice: string | undefined): Ticket {
  const errors: Ticket['errors'] = {};
  const quantity = v.quantity.trim();
  const price = v.price.trim();
  if (!v.symbol) errors.symbol = 'choose a symbol';
  if (!quantity) errors.quantity = 'is required';
  if (v.type === 'limit' && !price) errors.price = 'is required for a limit order';
  else if (v.type === 'limit' && !positive(price)) errors.price = 'must be a price above 0';
  const request: OrderRequest = {
    symbol: v.symbol,
    side: v.side,
    quantity,
    ...(v.type === 'limit' ? { type: 'limit' as const, price } : {}),
  };
  const ticket: Ticket = { errors };
  if (protects(v)) {
    const reference = referencePrice(v, lastPrice);
    const stop = levelPrice(v.stopLoss, reference, 'below');
    const target = levelPrice(v.takeProfit, reference, 'above');
    const trailing = trailingOf(v.trailing);
    if (stop.error) errors.stopLoss = stop.error;
    if (target.error) errors.takeProfit = target.error;
    if (trailing.error) errors[trailing.field ?? 'trailingStop'] = trailing.error;
    if (stop.price) request.stopLoss = ticket.stopLossPrice = stop.price;
    if (target.price) request.takeProfit = ticket.takeProfitPrice = target.price;
    if (trailing.value) request.trailingStop = trailing.value;
  }
  if (Object.keys(errors).length === 0) ticket.request = request;
  return ticket;
}

function levelPrice(
  level: LevelInput,
  reference: string | undefined,
  side: 'below' | 'above',
): { price?: string; error?: string } {
  const value = level.value.trim();
  if (!value) return {};
  if (!positive(value)) return { error: level.mode === 'percent' ? 'must be a % above 0' : 'must be a price above 0' };
  if (level.mode === 'price') return { price: value };
  if (side === 'below' && compareDecimals(value, '100') >= 0) return { error: 'must be below 100 %' };
  if (!reference) return { error: 'needs a price to be taken from: give the limit price, or a price here' };
  const away = mulDecimals(reference, fraction(value));
  return { price: side === 'below' ? subDecimals(reference, away) : addDecimals(reference, away) };
}

function trailingOf(t: TrailingInput): {
  value?: NonNullable<OrderRequest['trailingStop']>;
  error?: string;
  field?: TicketField;
} {
  const value = t.value.trim();
  const activation = t.activation.trim();
  if (!value) return activation ? { error: 'needs a trailing stop', field: 'trailingActivation' } : {};
  if (!positive(value))
    return { error: t.mode === 'percent' ? 'must be a % above 0' : 'must be a price distance above 0' };
  if (t.mode === 'percent' && compareDecimals(value, '100') >= 0) return { error: 'must be below 100 %' };
  if (activation && !(isDecimal(activation) && compareDecimals(activation, '0') >= 0)) {
    return { error: 'must be a % of 0 or more', field: 'trailingActivation' };
  }
  return {
    value: {
      type: t.mode,
      value: t.mode === 'percent' ? fraction(value) : value,
      ...(activation ? { activation: fraction(activation) } : {}),
    },
  };
}
