import { CLIENT_ORDER_PREFIX } from '../orders/client-order-id.js';

/**
 * How the engine's order ids (`o17`) become client order ids and back. The paper account's are
 * `rt-o17`; an exchange account's carry the database's tag too (`rt-3fa9c2-o17`), so two databases
 * trading one exchange account never send the same client id — a lookup by client id (never send
 * twice) must only ever find our own order.
 */
export interface OrderIds {
  /** What every client id of this account starts with, up to the engine's id. */
  readonly prefix: string;
  clientIdOf(engineId: string): string;
  engineIdOf(clientOrderId: string): string;
}

export function orderIds(tag?: string): OrderIds {
  const prefix = tag ? `${CLIENT_ORDER_PREFIX}${tag}-` : CLIENT_ORDER_PREFIX;
  return {
    prefix,
    clientIdOf: (engineId) => `${prefix}${engineId}`,
    engineIdOf: (clientOrderId) =>
      clientOrderId.startsWith(prefix) ? clientOrderId.slice(prefix.length) : clientOrderId,
  };
}

/** Which account a ledger writes: the paper one or the exchange's, and its client ids. */
export interface LedgerScope {
  demo: boolean;
  ids: OrderIds;
}

export const PAPER_LEDGER: LedgerScope = { demo: true, ids: orderIds() };
