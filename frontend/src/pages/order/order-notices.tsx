import type { Order } from '@roottrading/contracts';
import type { OrderOutcome } from '../../api/place-order';
import { Amount, Price, Quantity } from '../../components/amount';
import { baseOf, quoteOf, symbolPrecision } from '../../format/precision';

/** What the trader said of a submission that did not go through: rejected, refused, or no answer. */
export function OutcomeNotice({ outcome }: { outcome: OrderOutcome }) {
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

export function FillNotice({ order, replayed }: { order: Order; replayed: boolean }) {
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

/** An order the trader accepted without filling it yet: a limit order resting, or (live) one still pending. */
export function PlacedNotice({ order, replayed }: { order: Order; replayed: boolean }) {
  const base = baseOf(order.symbol);
  const quote = quoteOf(order.symbol);
  const precision = symbolPrecision(order.symbol, {
    prices: [order.price, order.stopLoss, order.takeProfit],
    quantities: [order.quantity],
  });
  const protections = [
    order.stopLoss && (
      <>
        stop loss <Price value={order.stopLoss} precision={precision} quote={quote} />
      </>
    ),
    order.takeProfit && (
      <>
        take profit <Price value={order.takeProfit} precision={precision} quote={quote} />
      </>
    ),
    order.trailingStop && (
      <>
        trailing stop{' '}
        {order.trailingStop.type === 'percent' ? `${order.trailingStop.value} of the high` : order.trailingStop.value}
      </>
    ),
  ].filter(Boolean);
  return (
    <div
      role="status"
      aria-label="order placed"
      className="rounded-md border border-sky-700 bg-sky-950/50 px-3 py-2 text-sm text-sky-100"
    >
      <p className="font-semibold">
        {order.status === 'open' ? 'Resting' : `Order ${order.status}`}
        {replayed ? ' (already placed: this is the first answer again)' : ''}: {order.type} {order.side}{' '}
        <Quantity value={order.quantity} precision={precision} base={base} />
        {order.price && (
          <>
            {' '}
            at <Price value={order.price} precision={precision} quote={quote} />
          </>
        )}{' '}
        · order {order.clientOrderId}
      </p>
      {protections.length > 0 && (
        <p className="mt-1">
          Once it fills, the position takes its{' '}
          {protections.map((p, i) => (
            <span key={i}>
              {i > 0 && ', '}
              {p}
            </span>
          ))}
          .
        </p>
      )}
    </div>
  );
}
