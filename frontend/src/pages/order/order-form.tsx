import { useEffect, useState, type FormEvent } from 'react';
import type { AssetBalance, Order, TradeRow, TradingMode } from '@roottrading/contracts';
import { forgetApiToken, readApiToken, saveApiToken } from '../../api/api-token';
import type { OrderOutcome } from '../../api/place-order';
import { Amount } from '../../components/amount';
import { Field, inputClass } from '../../components/field';
import { baseOf, quoteOf, symbolPrecision } from '../../format/precision';
import { estimateOrder, observedFeeRate } from './order-estimate';
import { OrderEstimateBox } from './order-estimate-box';
import { OrderFields } from './order-fields';
import { FillNotice, OutcomeNotice, PlacedNotice } from './order-notices';
import {
  EMPTY_LEVEL,
  EMPTY_TRAILING,
  fieldShown,
  protects,
  readTicket,
  referencePrice,
  ticketFieldOf,
  type TicketField,
  type TicketValues,
} from './order-ticket';
import { ProtectionFields } from './protection-fields';
import { useOrderSubmission } from './use-order-submission';

export interface LastPrice {
  price: string;
  /** Close time (ms) of the candle it comes from: market time, years ago in a replay. */
  candleCloseTime: number;
  /** When it reached the trader or the page (wall clock, ms): the trader refuses prices that are too old. */
  receivedAt?: number;
}

export interface OrderFormProps {
  symbols: readonly string[];
  /** The trader's mode; undefined while unknown (the trader has not answered). */
  mode: TradingMode | undefined;
  lastPrices: Readonly<Record<string, LastPrice | undefined>>;
  balances: readonly AssetBalance[] | undefined;
  /** Recent trades, to read the fee rate off. */
  recentTrades?: readonly TradeRow[];
  /** The trader took the order: filled, or resting. */
  onAccepted?: (order: Order) => void;
}

const INITIAL: TicketValues = {
  symbol: '',
  side: 'BUY',
  type: 'market',
  quantity: '',
  price: '',
  stopLoss: EMPTY_LEVEL,
  takeProfit: EMPTY_LEVEL,
  trailing: EMPTY_TRAILING,
};

/**
 * An order ticket for the trader's POST /trade: market or limit, with a BUY's stop loss, take
 * profit and trailing stop. The trader validates; its answer is shown where it belongs: a 400's
 * details next to the fields they name, a 422's reason above the button, the fill or the resting
 * order when it went through.
 */
export function OrderForm({ symbols, mode, lastPrices, balances, recentTrades, onAccepted }: OrderFormProps) {
  const [values, setValues] = useState<TicketValues>({ ...INITIAL, symbol: symbols[0] ?? '' });
  const [localErrors, setLocalErrors] = useState<Partial<Record<TicketField, string>>>({});
  const [token, setToken] = useState(() => readApiToken() ?? '');
  const [tokenSaved, setTokenSaved] = useState(() => readApiToken() !== null);
  const [tokenError, setTokenError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const { state, submit, reset, sending } = useOrderSubmission(onAccepted);
  const { symbol, side, type } = values;

  // The configured symbols arrive after the first render: pick the first one then.
  useEffect(() => {
    if (!symbol && symbols[0]) setValues((v) => ({ ...v, symbol: symbols[0]! }));
  }, [symbol, symbols]);

  const live = mode === 'live';
  const base = baseOf(symbol);
  const quote = quoteOf(symbol);
  const last = lastPrices[symbol];
  const precision = symbolPrecision(symbol, { prices: last ? [last.price] : [], quantities: [values.quantity] });
  const free = (asset: string) => balances?.find((b) => b.asset === asset)?.free;
  const fee = observedFeeRate(recentTrades, quote);
  const ticket = readTicket(values, last?.price);
  const estimate = estimateOrder({
    side,
    quantity: values.quantity,
    price: referencePrice(values, last?.price),
    feeRate: fee.rate,
    freeQuote: free(quote),
    freeBase: free(base) ?? (balances ? '0' : undefined),
  });

  const outcome = state.kind === 'done' ? state.outcome : undefined;
  const serverErrors: Partial<Record<TicketField, string>> = {};
  const otherErrors: string[] = [];
  if (outcome?.kind === 'invalid') {
    for (const d of outcome.details) {
      const field = ticketFieldOf(d.field);
      // A field the form does not show now is still said, at the form level.
      if (field && fieldShown(field, values)) serverErrors[field] = d.message;
      else otherErrors.push(`${d.field}: ${d.message}`);
    }
    if (outcome.details.length === 0) otherErrors.push(outcome.message);
  }
  const errorFor = (f: TicketField) => localErrors[f] ?? serverErrors[f];

  const change = (patch: Partial<TicketValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setLocalErrors({});
    setTokenError(undefined);
    setConfirming(false);
    reset();
  };

  const send = async () => {
    setConfirming(false);
    if (!ticket.request) return;
    const result: OrderOutcome | undefined = await submit(ticket.request, live ? token.trim() : undefined);
    if (result?.kind === 'unauthorized') {
      forgetApiToken();
      setTokenSaved(false);
      setToken('');
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    // Said next to the field: a live order without the token is never sent.
    const tokenMissing = live && !token.trim();
    setLocalErrors(ticket.errors);
    setTokenError(tokenMissing ? 'is required for live orders' : undefined);
    if (!ticket.request || tokenMissing) return;
    if (live) {
      saveApiToken(token.trim());
      setTokenSaved(true);
      // Real money: one more explicit step, with the order spelled out.
      setConfirming(true);
      return;
    }
    void send();
  };

  const verb = side === 'BUY' ? 'Buy' : 'Sell';
  const retrying = outcome?.kind === 'uncertain';
  const spend = side === 'BUY' ? quote : base;
  const label = `${verb} ${base || ''}${type === 'limit' ? ' (limit)' : ''}`.trim();

  return (
    <form onSubmit={onSubmit} noValidate aria-label="manual order" className="grid gap-4">
      {live && (
        <p role="alert" className="rounded-md bg-red-600 px-3 py-2 text-sm font-bold text-white">
          LIVE: this order is sent to the exchange with real money.
        </p>
      )}
      <OrderFields
        values={values}
        symbols={symbols}
        base={base}
        quote={quote}
        errorFor={errorFor}
        onChange={change}
        available={
          free(spend) !== undefined ? (
            <>
              Available: <Amount value={free(spend)} currency={spend} />
            </>
          ) : undefined
        }
      />
      {protects(values) ? (
        <ProtectionFields
          values={values}
          onChange={change}
          errorFor={errorFor}
          computed={{ stopLoss: ticket.stopLossPrice, takeProfit: ticket.takeProfitPrice }}
          referenceLabel={type === 'limit' ? 'the limit price' : 'the last price'}
          quote={quote}
          precision={precision}
        />
      ) : (
        <p className="text-xs text-slate-400">
          A SELL carries no stop loss or take profit: those belong to the position a BUY opens.
        </p>
      )}
      <OrderEstimateBox
        side={side}
        type={type}
        last={last}
        precision={precision}
        base={base}
        quote={quote}
        estimate={estimate}
        fee={fee}
      />

      {live && !tokenSaved && (
        <Field
          label="Trader API token"
          error={tokenError}
          hint="Asked once; kept for this browser tab only (sessionStorage)."
        >
          {(props) => (
            <input
              {...props}
              name="token"
              type="password"
              autoComplete="off"
              className={inputClass}
              value={token}
              onChange={(e) => {
                setToken(e.target.value);
                setTokenError(undefined);
              }}
              required
            />
          )}
        </Field>
      )}

      {otherErrors.length > 0 && (
        <div role="alert" className="rounded-md border border-red-800/70 bg-red-950/40 px-3 py-2 text-sm text-red-200">
          <p className="font-semibold">The trader refused the order</p>
          <ul className="mt-1 list-disc pl-5">
            {otherErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {outcome && <OutcomeNotice outcome={outcome} />}

      {confirming ? (
        <div role="alertdialog" aria-labelledby="confirm-title" className="rounded-md border-2 border-red-500 p-3">
          <p id="confirm-title" className="font-semibold text-red-200">
            Send a LIVE {side} of {values.quantity.trim()} {base} on {symbol}
            {type === 'limit' ? ` at the limit ${values.price.trim()} ${quote}` : ''}
            {estimate ? ` for about ${estimate.total} ${quote}` : ''}?
          </p>
          <div className="mt-3 flex gap-2">
            <button
              type="button"
              autoFocus
              className="rounded-md bg-red-600 px-4 py-2 font-bold text-white hover:bg-red-500"
              onClick={() => void send()}
            >
              Confirm live order
            </button>
            <button
              type="button"
              className="rounded-md border border-slate-600 px-4 py-2 text-slate-200"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button
          type="submit"
          disabled={sending || mode === undefined || symbols.length === 0}
          className={`rounded-md px-4 py-2.5 text-base font-bold text-white disabled:cursor-not-allowed disabled:opacity-50 ${
            side === 'BUY' ? 'bg-emerald-600 hover:bg-emerald-500' : 'bg-red-600 hover:bg-red-500'
          }`}
        >
          {sending ? 'Sending…' : retrying ? `Retry: ${verb.toLowerCase()} ${base}` : label}
        </button>
      )}
      {mode === undefined && (
        <p className="text-xs text-amber-300">
          Waiting for the trader to say whether it trades demo or live; orders are off until it answers.
        </p>
      )}
      {outcome?.kind === 'filled' && <FillNotice order={outcome.order} replayed={outcome.replayed} />}
      {outcome?.kind === 'placed' && <PlacedNotice order={outcome.order} replayed={outcome.replayed} />}
    </form>
  );
}
