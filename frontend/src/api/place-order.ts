import type { ErrorBody, Order } from '@roottrading/contracts';
import { errorMessage, request } from './http';

/** POST /trade's body as the page sends it (tradeRequestSchema in contracts): decimals as strings. */
export interface OrderRequest {
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: string;
  /** Absent: a market order. */
  type?: 'limit';
  price?: string;
  /** Prices; a BUY's only (the position it opens takes them). */
  stopLoss?: string;
  takeProfit?: string;
  trailingStop?: { type: 'percent' | 'distance'; value: string; activation?: string };
}

/**
 * What became of one submission. Only `uncertain` may be retried, and a retry must reuse the same
 * Idempotency-Key: the order may have been recorded even though no answer came back.
 */
export type OrderOutcome =
  | { kind: 'filled'; order: Order; replayed: boolean }
  /** Accepted, not filled yet: a limit order resting (open), or live, one the exchange has not answered for (pending). */
  | { kind: 'placed'; order: Order; replayed: boolean }
  | { kind: 'rejected'; reason: string; order?: Order }
  | { kind: 'invalid'; message: string; details: NonNullable<ErrorBody['details']> }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'uncertain'; message: string };

/** A trade is slower than a read (one database transaction), and giving up early only makes it uncertain. */
const ORDER_TIMEOUT_MS = 20_000;

/** `POST /trade` on the trader, through the web process. */
export async function placeOrder(
  order: OrderRequest,
  { idempotencyKey, token }: { idempotencyKey: string; token?: string | null },
): Promise<OrderOutcome> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let answer;
  try {
    answer = await request('/api/trader/trade', {
      method: 'POST',
      headers,
      body: JSON.stringify(order),
      timeoutMs: ORDER_TIMEOUT_MS,
    });
  } catch (err) {
    return { kind: 'uncertain', message: err instanceof Error ? err.message : String(err) };
  }
  const body = answer.body as (Partial<ErrorBody> & { order?: Order }) | undefined;
  const message = errorMessage(answer);
  if (answer.status >= 200 && answer.status < 300 && body?.order) {
    const replayed = answer.headers.get('idempotent-replayed') === 'true';
    return { kind: body.order.status === 'filled' ? 'filled' : 'placed', order: body.order, replayed };
  }
  if (answer.status === 422) return { kind: 'rejected', reason: message, order: body?.order };
  if (answer.status === 400) return { kind: 'invalid', message, details: body?.details ?? [] };
  if (answer.status === 401 || answer.status === 403) return { kind: 'unauthorized', message };
  // 502: the web process could not reach the trader; 5xx/timeouts: it may have recorded the order.
  if (answer.status >= 500) return { kind: 'uncertain', message };
  return { kind: 'refused', status: answer.status, message };
}
