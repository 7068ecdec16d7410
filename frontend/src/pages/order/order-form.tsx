import { useEffect, useState, type FormEvent } from 'react';
import type { AssetBalance, Order, TradeRow, TradingMode } from '@roottrading/contracts';
import type { OrderOutcome } from '../../api/place-order';
import { Amount, Price, Quantity } from '../../components/amount';
import { Field, inputClass } from '../../components/field';
import { formatPercent } from '../../format/decimal';
import { baseOf, quoteOf, symbolPrecision } from '../../format/precision';
import { formatAge, formatDateTime } from '../../format/time';
import { forgetApiToken, readApiToken, saveApiToken } from './api-token';
import { estimateOrder, observedFeeRate } from './order-estimate';
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
  onFilled?: (order: Order) => void;
}

type Side = 'BUY' | 'SELL';
const FORM_FIELDS = ['symbol', 'side', 'quantity'] as const;
type FormField = (typeof FORM_FIELDS)[number];

/**
 * A market order to the trader's POST /trade. The trader validates; its answer is shown where it
 * belongs: a 400's details next to the fields they name, a 422's reason (cannot afford it, below
 * the minimum, no fresh price) above the button, the fill when it went through.
 */
export function OrderForm({ symbols, mode, lastPrices, balances, recentTrades, onFilled }: OrderFormProps) {
  const [symbol, setSymbol] = useState(symbols[0] ?? '');
  const [side, setSide] = useState<Side>('BUY');
  const [quantity, setQuantity] = useState('');
  const [localErrors, setLocalErrors] = useState<Partial<Record<FormField, string>>>({});
  const [token, setToken] = useState(() => readApiToken() ?? '');
  const [tokenSaved, setTokenSaved] = useState(() => readApiToken() !== null);
  const [tokenError, setTokenError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const { state, submit, reset, sending } = useOrderSubmission(onFilled);

  // The configured symbols arrive after the first render: pick the first one then.
  useEffect(() => {
    if (!symbol && symbols[0]) setSymbol(symbols[0]);
  }, [symbol, symbols]);

  const live = mode === 'live';
  const base = baseOf(symbol);
  const quote = quoteOf(symbol);
  const last = lastPrices[symbol];
  const precision = symbolPrecision(symbol, { prices: last ? [last.price] : [], quantities: [quantity] });
  const free = (asset: string) => balances?.find((b) => b.asset === asset)?.free;
  const fee = observedFeeRate(recentTrades, quote);
  const estimate = estimateOrder({
    side,
    quantity,
    price: last?.price,
    feeRate: fee.rate,
    freeQuote: free(quote),
    freeBase: free(base) ?? (balances ? '0' : undefined),
  });

  const outcome = state.kind === 'done' ? state.outcome : undefined;
  const serverErrors: Partial<Record<FormField, string>> = {};
  const otherErrors: string[] = [];
  if (outcome?.kind === 'invalid') {
    for (const d of outcome.details) {
      if ((FORM_FIELDS as readonly string[]).includes(d.field)) serverErrors[d.field as FormField] = d.message;
      else otherErrors.push(`${d.field}: ${d.message}`);
    }
    if (outcome.details.length === 0) otherErrors.push(outcome.message);
  }
  const errorFor = (f: FormField) => localErrors[f] ?? serverErrors[f];

  const edited = () => {
    setLocalErrors({});
    setTokenError(undefined);
    setConfirming(false);
    reset();
  };

  const send = async () => {
    setConfirming(false);
    const result: OrderOutcome | undefined = await submit(
      { symbol, side, quantity: quantity.trim() },
      live ? token.trim() : undefined,
    );
    if (result?.kind === 'unauthorized') {
      forgetApiToken();
      setTokenSaved(false);
      setToken('');
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    const errors: Partial<Record<FormField, string>> = {};
    if (!symbol) errors.symbol = 'choose a symbol';
    if (!quantity.trim()) errors.quantity = 'is required';
    // Said next to the field: a live order without the token is never sent.
    const tokenMissing = live && !token.trim();
    setLocalErrors(errors);
    setTokenError(tokenMissing ? 'is required for live orders' : undefined);
    if (Object.keys(errors).length > 0 || tokenMissing) return;
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

  return (
    <form onSubmit={onSubmit} noValidate aria-label="manual order" className="grid gap-4">
      {live && (
        <p role="alert" className="rounded-md bg-red-600 px-3 py-2 text-sm font-bold text-white">
          LIVE: this order is sent to the exchange with real money.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Symbol" error={errorFor('symbol')}>
          {(props) => (
            <select
              {...props}
              name="symbol"
              className={inputClass}
              value={symbol}
              onChange={(e) => {
                setSymbol(e.target.value);
                edited();
              }}
            >
              {symbols.length === 0 && <option value="">no symbols known yet</option>}
              {symbols.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset aria-describedby={errorFor('side') ? 'order-side-error' : undefined}>
          <legend className="mb-1 block text-xs font-semibold tracking-wide text-slate-300 uppercase">Side</legend>
          <div className="grid grid-cols-2 gap-2">
            {(['BUY', 'SELL'] as const).map((s) => (
              <label
                key={s}
                className={`flex cursor-pointer items-center justify-center gap-2 rounded-md border px-3 py-2 text-sm font-bold has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-400 ${
                  side === s
                    ? s === 'BUY'
                      ? 'border-emerald-500 bg-emerald-500/20 text-emerald-200'
                      : 'border-red-500 bg-red-500/20 text-red-200'
                    : 'border-slate-600 text-slate-300'
                }`}
              >
                <input
                  type="radio"
                  name="side"
                  value={s}
                  checked={side === s}
                  className="sr-only"
                  onChange={() => {
                    setSide(s);
                    edited();
                  }}
                />
                {s}
              </label>
            ))}
          </div>
          {errorFor('side') && (
            <p id="order-side-error" role="alert" className="mt-1 text-sm text-red-300">
              {errorFor('side')}
            </p>
          )}
        </fieldset>
      </div>

      <Field
        label={`Quantity${base ? ` (${base})` : ''}`}
        error={errorFor('quantity')}
        hint={
          free(side === 'BUY' ? quote : base) !== undefined ? (
            <>
              Available: <Amount value={free(side === 'BUY' ? quote : base)} currency={side === 'BUY' ? quote : base} />
            </>
          ) : undefined
        }
      >
        {(props) => (
          <input
            {...props}
            name="quantity"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.001"
            className={`${inputClass} font-mono tabular-nums`}
            value={quantity}
            onChange={(e) => {
              setQuantity(e.target.value);
              edited();
            }}
          />
        )}
      </Field>

      <section aria-label="estimate" className="rounded-lg border border-slate-800 bg-slate-950/60 p-3 text-sm">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-400">Last price</dt>
          <dd className="text-right" data-testid="last-price">
            {last ? (
              <>
                <Price value={last.price} precision={precision} quote={quote} />
                <span className="block text-xs text-slate-400">
                  candle of {formatDateTime(last.candleCloseTime)}
                  {last.receivedAt !== undefined && ` · received ${formatAge(Date.now() - last.receivedAt)}`}
                </span>
              </>
            ) : (
              <span className="text-slate-400">no price yet</span>
            )}
          </dd>
          <dt className="text-slate-400">Estimated value</dt>
          <dd className="text-right">
            {estimate ? <Amount value={estimate.value} currency={quote} /> : <span className="text-slate-400">—</span>}
          </dd>
          <dt className="text-slate-400">
            Estimated fee{' '}
            <span className="text-xs">
              ({formatPercent(Number(fee.rate), 3)}
              {fee.observed ? '' : ', assumed'})
            </span>
          </dt>
          <dd className="text-right">
            {estimate ? (
              <Amount value={estimate.fee} currency={quote} exact />
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </dd>
          {side === 'BUY' && (
            <>
              <dt className="text-slate-400">Estimated cost</dt>
              <dd className="text-right font-semibold">
                {estimate ? (
                  <Amount value={estimate.total} currency={quote} />
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </dd>
            </>
          )}
        </dl>
        <p className="mt-2 text-xs text-slate-400">
          A market order fills at the latest price plus the trader&apos;s slippage; the figures above are estimates.
        </p>
        {estimate?.exceedsBalance && (
          <p className="mt-2 text-xs text-amber-300">
            This is more than the available {side === 'BUY' ? quote : base}; the trader will refuse it.
          </p>
        )}
      </section>

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
            Send a LIVE {side} of {quantity.trim()} {base} on {symbol}
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
          {sending ? 'Sending…' : retrying ? `Retry: ${verb.toLowerCase()} ${base}` : `${verb} ${base || ''}`.trim()}
        </button>
      )}
      {mode === undefined && (
        <p className="text-xs text-amber-300">
          Waiting for the trader to say whether it trades demo or live; orders are off until it answers.
        </p>
      )}
      {state.kind === 'done' && state.outcome.kind === 'filled' && (
        <FillNotice order={state.outcome.order} replayed={state.outcome.replayed} />
      )}
    </form>
  );
}

function OutcomeNotice({ outcome }: { outcome: OrderOutcome }) {
  switch (outcome.kind) {
    case 'rejected':
      return (
        <div
          role="alert"
          className="rounded-md border border-amber-700 bg-amber-950/50 px-3 py-2 text-sm text-amber-100"
        >
          <p className="font-semibold">Order rejected</p>
          <p>{outcome.reason}</p>
        </div>
      );
    case 'uncertain':
      return (
        <div
          role="alert"
          className="rounded-md border border-amber-700 bg-amber-950/50 px-3 py-2 text-sm text-amber-100"
        >
          <p className="font-semibold">No answer from the trader</p>
          <p>{outcome.message}</p>
          <p className="mt-1 text-xs">
            The order may or may not have been placed. Retrying sends the same order with the same Idempotency-Key, so
            it can trade at most once.
          </p>
        </div>
      );
    case 'refused':
    case 'unauthorized':
      return (
        <div role="alert" className="rounded-md border border-red-800/70 bg-red-950/40 px-3 py-2 text-sm text-red-200">
          <p className="font-semibold">
            {outcome.kind === 'unauthorized' ? 'The trader refused the API token' : 'The trader refused the order'}
          </p>
          <p>{outcome.message}</p>
        </div>
      );
    default:
      return null;
  }
}

function FillNotice({ order, replayed }: { order: Order; replayed: boolean }) {
  const fill = order.fill;
  const quote = quoteOf(order.symbol);
  const base = baseOf(order.symbol);
  const precision = symbolPrecision(order.symbol, { prices: fill ? [fill.price] : [], quantities: [order.quantity] });
  return (
    <div
      role="status"
      aria-label="order filled"
      className="rounded-md border border-emerald-700 bg-emerald-950/50 px-3 py-2 text-sm text-emerald-100"
    >
      <p className="font-semibold">
        Filled{replayed ? ' (already placed: this is the first answer again)' : ''}: {order.side}{' '}
        <Quantity value={fill?.quantity ?? order.quantity} precision={precision} base={base} /> at{' '}
        <Price value={fill?.price} precision={precision} quote={quote} />
      </p>
      {fill && (
        <p className="mt-1">
          Value <Amount value={fill.quoteQuantity} currency={quote} />, fee{' '}
          <Amount value={fill.fee} currency={fill.feeCurrency} exact /> · order {order.id}
        </p>
      )}
    </div>
  );
}
