import type { ErrorBody, Order, PaperAccountResponse } from '@roottrading/contracts';
import { errorMessage, request } from './http';

/** What an operator's request to the trader came to. Only `done` changed something for sure. */
export type ControlOutcome<T> =
  | { kind: 'done'; status: number; body: T }
  /** The trader answered and did not do it (400, 401, 404, 409, 422…): its own words. */
  | { kind: 'refused'; status: number; message: string; details: NonNullable<ErrorBody['details']>; body: unknown }
  /** No answer, a 5xx or the trader unreachable: it may or may not have happened. */
  | { kind: 'uncertain'; message: string };

export interface Operator {
  /** Recorded in the audit trail. */
  requestedBy: string;
  /** Live mode: the trader's API token, sent as a bearer. */
  token?: string | null;
}

/** The scope every pause, resume and close-all states (the trader refuses one without). */
export type ControlScope = { scope: 'all' } | { scope: 'strategy' | 'symbol'; target: string };

/** Operator actions wait on the engine's queue behind a batch of candles: slower than a read. */
const CONTROL_TIMEOUT_MS = 20_000;

/** One state-changing JSON request to the trader, through the web process. */
export async function postControl<T>(path: string, body: object, who: Operator): Promise<ControlOutcome<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  let answer;
  try {
    answer = await request(`/api/trader${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, requestedBy: who.requestedBy }),
      timeoutMs: CONTROL_TIMEOUT_MS,
    });
  } catch (err) {
    return { kind: 'uncertain', message: err instanceof Error ? err.message : String(err) };
  }
  if (answer.status >= 200 && answer.status < 300)
    return { kind: 'done', status: answer.status, body: answer.body as T };
  const message = errorMessage(answer);
  if (answer.status >= 500) return { kind: 'uncertain', message };
  const details = (answer.body as Partial<ErrorBody> | undefined)?.details ?? [];
  return { kind: 'refused', status: answer.status, message, details, body: answer.body };
}

export interface CloseAllAnswer {
  orders: Order[];
  closed: number;
  rejected: number;
}

export const pauseEntries = (scope: ControlScope, who: Operator) =>
  postControl<{ created: boolean }>('/controls/pause', scope, who);
export const resumeEntries = (scope: ControlScope, who: Operator) =>
  postControl<{ resumed: number }>('/controls/resume', scope, who);
export const closeAllPositions = (scope: ControlScope, who: Operator) =>
  postControl<CloseAllAnswer>('/positions/close-all', scope, who);
export const closePosition = (position: { strategy: string; symbol: string; openedAt: string | null }, who: Operator) =>
  postControl<{ order: Order }>(
    '/positions/close',
    {
      strategy: position.strategy,
      symbol: position.symbol,
      // The position the operator saw: one closed since (and maybe reopened) is never sold.
      ...(position.openedAt ? { openedAt: position.openedAt } : {}),
    },
    who,
  );
export const resetKillSwitch = (who: Operator) =>
  postControl<{ wasActive: boolean }>('/risk/kill-switch/reset', {}, who);
export const resetPaperAccount = (who: Operator) => postControl<PaperAccountResponse>('/account/reset', {}, who);
export const cancelOrder = (clientOrderId: string, who: Operator) =>
  postControl<{ order: Order }>(`/orders/${encodeURIComponent(clientOrderId)}/cancel`, {}, who);
