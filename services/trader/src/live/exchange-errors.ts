import type { SecretScrubber } from './scrub-secrets.js';

/**
 * What went wrong talking to the exchange, in three families that decide what may happen next:
 *
 * - the exchange answered no (a rejection): record it with the exchange's message, never retry;
 * - the exchange answered without processing the request (rate limit, clock outside recvWindow):
 *   nothing happened, so waiting and asking again is safe;
 * - nobody knows (timeout, dropped connection, 5xx, garbled reply): for a read, ask again; for an
 *   order, it may exist — look it up by its client id before anything else.
 */
export type FailureKind =
  | 'insufficient-funds'
  | 'invalid-order'
  | 'not-found'
  | 'auth'
  | 'rejected'
  | 'rate-limit'
  | 'clock'
  | 'timeout'
  | 'network'
  | 'unavailable'
  | 'bad-response'
  | 'circuit-open'
  | 'internal';

const REJECTIONS: readonly FailureKind[] = ['insufficient-funds', 'invalid-order', 'not-found', 'auth', 'rejected'];
const NOT_PROCESSED: readonly FailureKind[] = ['rate-limit', 'clock', 'circuit-open'];
const UNKNOWN_OUTCOME: readonly FailureKind[] = ['timeout', 'network', 'unavailable', 'bad-response', 'internal'];

/** The exchange said no: the request was understood and refused. */
export const isRejection = (kind: FailureKind) => REJECTIONS.includes(kind);
/** The request was answered but not carried out: safe to send again after waiting. */
export const wasNotProcessed = (kind: FailureKind) => NOT_PROCESSED.includes(kind);
/** The request may or may not have been carried out. */
export const isOutcomeUnknown = (kind: FailureKind) => UNKNOWN_OUTCOME.includes(kind);
/** A read that failed this way may simply be asked again (with backoff). */
export const isRetryableRead = (kind: FailureKind) =>
  kind === 'rate-limit' || kind === 'clock' || (isOutcomeUnknown(kind) && kind !== 'internal');
/** Failures of exchange access (not of an order's content) that count toward the circuit breaker. */
export const countsAgainstExchange = (kind: FailureKind) =>
  kind === 'rate-limit' || kind === 'auth' || (isOutcomeUnknown(kind) && kind !== 'internal');

/**
 * An exchange error with its message scrubbed of credentials. It keeps no reference to the
 * original error (whose `cause`, request or headers could carry them), only ccxt's class name.
 */
export class ExchangeFailure extends Error {
  override name = 'ExchangeFailure';

  constructor(
    readonly kind: FailureKind,
    message: string,
    /** ccxt's error class, e.g. "InsufficientFunds", for logs and the order's recorded reason. */
    readonly exchangeError: string | null = null,
    /** From Retry-After on a 429, when the exchange sent it. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toJSON(): { kind: FailureKind; message: string; exchangeError: string | null } {
    return { kind: this.kind, message: this.message, exchangeError: this.exchangeError };
  }
}

/** ccxt error class names, most specific first, mapped to what they mean for us. */
const BY_CLASS: readonly [string, FailureKind][] = [
  ['InsufficientFunds', 'insufficient-funds'],
  ['OrderNotFound', 'not-found'],
  ['InvalidOrder', 'invalid-order'],
  ['AuthenticationError', 'auth'],
  ['InvalidNonce', 'clock'],
  ['RateLimitExceeded', 'rate-limit'],
  ['DDoSProtection', 'rate-limit'],
  ['RequestTimeout', 'timeout'],
  ['ExchangeNotAvailable', 'unavailable'],
  ['NetworkError', 'network'],
  ['BadResponse', 'bad-response'],
  // binance -1001/-1006/-1008: "internal error", "execution status unknown", "server busy".
  ['OperationFailed', 'unavailable'],
  ['ExchangeError', 'rejected'],
];

/**
 * Turns whatever ccxt threw into an ExchangeFailure. Matching is on the class names along the
 * prototype chain (ccxt names every error class), so it holds whichever copy of ccxt threw it.
 */
export function toExchangeFailure(err: unknown, scrubber: SecretScrubber, retryAfterMs?: number): ExchangeFailure {
  if (err instanceof ExchangeFailure) return err;
  const lineage = classLineage(err);
  const ccxtClass = lineage.find((name) => BY_CLASS.some(([cls]) => cls === name)) ?? null;
  const kind = BY_CLASS.find(([cls]) => lineage.includes(cls))?.[1] ?? 'internal';
  const raw = err instanceof Error ? err.message : String(err);
  const message = scrubber.scrub(raw).slice(0, 1_000);
  return new ExchangeFailure(kind, message, lineage[0] ?? ccxtClass, kind === 'rate-limit' ? retryAfterMs : undefined);
}

function classLineage(err: unknown): string[] {
  const names: string[] = [];
  let proto: unknown = err !== null && typeof err === 'object' ? Object.getPrototypeOf(err) : null;
  while (proto && proto !== Object.prototype) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name && name !== 'Error' && name !== 'Object') names.push(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

/** Any error as an ExchangeFailure: ours as it is, anything else as an internal one. */
export function asFailure(err: unknown): ExchangeFailure {
  return err instanceof ExchangeFailure
    ? err
    : new ExchangeFailure('internal', err instanceof Error ? err.message : String(err));
}
