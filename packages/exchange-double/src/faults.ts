/**
 * What the double can be told to do instead of answering normally. "Accepted" faults run the
 * request first (the order exists on the exchange) and then fail the reply, which is the case a
 * client must never answer by sending the order again.
 */
export type Fault =
  /** HTTP 429 with Retry-After and binance's -1003 body; the request is not processed. */
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  /** HTTP 400 -2010 "Account has insufficient balance…" whatever the balance; not processed. */
  | { kind: 'insufficient-balance' }
  /** HTTP 503 with a plain-text body, as binance's front end sends when overloaded; not processed. */
  | { kind: 'unavailable' }
  /**
   * No reply in time. afterAccept: processed first, the reply held (sent after releaseAfterMs, or
   * never). Otherwise the request itself is held and processed only after releaseAfterMs (if
   * given), with its original timestamp, as a request stuck in the network would be.
   */
  | { kind: 'timeout'; afterAccept: boolean; releaseAfterMs?: number }
  /** The connection is destroyed; afterAccept: only after the request was processed. */
  | { kind: 'drop'; afterAccept: boolean };

export interface FaultRoute {
  method: string;
  /** e.g. "/api/v3/order". */
  path: string;
}

interface Rule extends FaultRoute {
  fault: Fault;
  remaining: number;
}

export class FaultPlan {
  private readonly rules: Rule[] = [];

  add(route: FaultRoute, fault: Fault, times: number): void {
    this.rules.push({ method: route.method.toUpperCase(), path: route.path, fault, remaining: times });
  }

  /** The next fault for this request, used up as it is taken; rules apply in the order they were added. */
  take(method: string, path: string): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && r.method === method && r.path === path);
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }

  pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  clear(): void {
    this.rules.length = 0;
  }
}
