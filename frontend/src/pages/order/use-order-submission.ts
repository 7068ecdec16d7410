import { useCallback, useRef, useState } from 'react';
import type { Order } from '@roottrading/contracts';
import { placeOrder, type OrderOutcome, type OrderRequest } from '../../api/place-order';

export type SubmissionState =
  | { kind: 'idle' }
  | { kind: 'sending'; key: string; retry: boolean }
  | { kind: 'done'; key: string; outcome: OrderOutcome };

function newKey(): string {
  // crypto.randomUUID needs a secure context (https or localhost); elsewhere 128 random bits will do.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Two submissions are the same order when everything they ask for is (the keys in one order). */
const fingerprintOf = (o: OrderRequest) =>
  JSON.stringify([o.symbol, o.side, o.quantity.trim(), o.type, o.price, o.stopLoss, o.takeProfit, o.trailingStop]);

/**
 * How long after the trader's answer the same order, submitted again, is taken for an accidental
 * repeat (the second click of a double click lands after a local trader has already answered).
 */
export const REPEAT_GUARD_MS = 3_000;

/**
 * Sends manual orders so that none is ever placed twice by accident:
 * - a submission while one is on its way is ignored (a double click sends one request);
 * - each order gets an Idempotency-Key, kept for as long as the outcome is unknown (no answer, a
 *   timeout, a 5xx): submitting the same order again is a retry with the same key, which the trader
 *   answers with the first result instead of trading again;
 * - the same order submitted again within REPEAT_GUARD_MS of its answer also reuses the key, so a
 *   double click that outlives a fast fill is answered with that fill, not a second trade;
 * - any other submission (another order, or the same one placed again later) gets a new key.
 */
export function useOrderSubmission(onAccepted?: (order: Order) => void) {
  const pending = useRef<{ key: string; fingerprint: string; answeredAt?: number } | null>(null);
  const inFlight = useRef(false);
  const [state, setState] = useState<SubmissionState>({ kind: 'idle' });

  const submit = useCallback(
    async (order: OrderRequest, token?: string | null): Promise<OrderOutcome | undefined> => {
      if (inFlight.current) return undefined;
      inFlight.current = true;
      const fingerprint = fingerprintOf(order);
      const previous = pending.current;
      const retry =
        previous?.fingerprint === fingerprint &&
        (previous.answeredAt === undefined || Date.now() - previous.answeredAt < REPEAT_GUARD_MS);
      const key = retry ? previous.key : newKey();
      pending.current = { key, fingerprint };
      setState({ kind: 'sending', key, retry });
      try {
        const outcome = await placeOrder(order, { idempotencyKey: key, token });
        // An unknown outcome keeps the key open-ended; a known one only for the repeat guard.
        if (outcome.kind !== 'uncertain') pending.current = { key, fingerprint, answeredAt: Date.now() };
        setState({ kind: 'done', key, outcome });
        if (outcome.kind === 'filled' || outcome.kind === 'placed') onAccepted?.(outcome.order);
        return outcome;
      } finally {
        inFlight.current = false;
      }
    },
    [onAccepted],
  );

  /** The form changed: a different order from the one whose outcome was shown. */
  const reset = useCallback(() => setState((s) => (s.kind === 'sending' ? s : { kind: 'idle' })), []);

  return { state, submit, reset, sending: state.kind === 'sending' };
}
