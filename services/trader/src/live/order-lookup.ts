import type { GuardedExchange } from './guarded-exchange.js';
import { asFailure } from './exchange-errors.js';
import { backoffDelay, type BackoffOptions } from './retry-policy.js';
import type { ExchangeOrder } from './types.js';

/** binance refuses a timestamp more than 1 s ahead of its clock; our clock offset may be off by as much. */
export const CLOCK_MARGIN_MS = 1_000;

export type Lookup = { kind: 'found'; order: ExchangeOrder } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

export interface LookupDeps {
  exchange: GuardedExchange;
  recvWindowMs: number;
  lookupTimeoutMs: number;
  pollMs: number;
  backoff: BackoffOptions;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Asks for the order by client id until its state is known. After a request that may still be
 * travelling, "no such order" counts only once the request's recvWindow is over.
 */
export async function lookUpOrder(
  deps: LookupDeps,
  symbol: string,
  clientOrderId: string,
  sentAt: number,
  answered: boolean,
): Promise<Lookup> {
  const { now } = deps;
  const notBefore = answered ? 0 : sentAt + deps.recvWindowMs + CLOCK_MARGIN_MS;
  const deadline = Math.max(now() + deps.lookupTimeoutMs, notBefore + deps.pollMs);
  let lastProblem = 'no answer yet';
  for (let i = 1; ; i++) {
    try {
      const order = await deps.exchange.read('find order', (c) => c.fetchOrder(symbol, { clientOrderId }));
      return { kind: 'found', order };
    } catch (err) {
      const f = asFailure(err);
      if (f.kind === 'not-found') {
        if (now() >= notBefore) return { kind: 'absent' };
        lastProblem = 'not found yet, but the request could still arrive';
      } else if (f.kind === 'circuit-open') {
        return { kind: 'unknown', reason: f.message };
      } else {
        lastProblem = f.message;
      }
    }
    if (now() >= deadline) return { kind: 'unknown', reason: `could not look the order up: ${lastProblem}` };
    const untilWindowEnds = notBefore - now();
    const { baseMs, maxMs } = deps.backoff;
    const delay = untilWindowEnds > 0 ? Math.min(untilWindowEnds, maxMs) : backoffDelay(i, baseMs, maxMs);
    await deps.sleep(Math.max(1, Math.min(delay, deadline - now())));
  }
}
