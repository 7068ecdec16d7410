import { createHash, randomBytes } from 'node:crypto';

/**
 * Our orders carry `rt-` so they can be told from anything else on the account. Ids stay within
 * 36 characters (Binance's newClientOrderId limit) so live mode can send the same ids.
 */
export const CLIENT_ORDER_PREFIX = 'rt-';

/** Deterministic: the same signal always maps to the same order id, whichever process handles it. */
export function signalClientOrderId(signalId: string): string {
  return `${CLIENT_ORDER_PREFIX}s-${createHash('sha256').update(signalId).digest('hex').slice(0, 31)}`;
}

export function manualClientOrderId(): string {
  return `${CLIENT_ORDER_PREFIX}m-${randomBytes(16).toString('hex').slice(0, 31)}`;
}
