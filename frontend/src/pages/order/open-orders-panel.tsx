import type { ReactNode } from 'react';
import type { OpenOrdersResponse, Order } from '@roottrading/contracts';
import { cancelOrder } from '../../api/controls';
import { useAppData } from '../../app-data';
import { Price, Quantity } from '../../components/amount';
import { SideBadge } from '../../components/badges';
import type { ConfirmRequest } from '../../components/confirm-dialog';
import { Panel } from '../../components/panel';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { baseOf, quoteOf, symbolPrecision } from '../../format/precision';
import { formatDateTime } from '../../format/time';
import type { Resource } from '../../hooks/use-resource';

const COLUMNS = [
  { label: 'Placed' },
  { label: 'Order' },
  { label: 'Quantity', right: true },
  { label: 'Limit', right: true },
  { label: 'Filled', right: true },
  { label: 'Stop / target', right: true },
  { label: 'Action', right: true },
] as const;

const precisionOf = (o: Order) =>
  symbolPrecision(o.symbol, { prices: [o.price, o.stopLoss, o.takeProfit], quantities: [o.quantity] });

/** The confirmation of a cancel: the order off the book, its funds unlocked. */
export function cancelRequest(o: Order): ConfirmRequest<{ order: Order }> {
  const precision = precisionOf(o);
  return {
    title: `Cancel the ${o.type} ${o.side} of ${o.symbol}?`,
    body: (
      <>
        <p>
          Takes order {o.clientOrderId} off the book: {o.side}{' '}
          <Quantity value={o.quantity} precision={precision} base={baseOf(o.symbol)} /> at{' '}
          <Price value={o.price} precision={precision} quote={quoteOf(o.symbol)} />, and unlocks what it holds (in live
          mode once the exchange confirms).
        </p>
        <p className="text-slate-300">
          What has filled of it stays filled; if it fills before the cancel arrives, the fill stands.
        </p>
      </>
    ),
    confirmLabel: 'Cancel the order',
    danger: true,
    run: (who) => cancelOrder(o.clientOrderId, who),
    done: ({ order }) => `Order ${order.clientOrderId} is ${order.status}.`,
  };
}

/** The account's resting orders (live: and those whose answer is awaited), each with a cancel. */
export function OpenOrdersPanel({
  resource,
  ask,
  notice,
}: {
  resource: Resource<OpenOrdersResponse>;
  ask: <T>(request: ConfirmRequest<T>) => void;
  notice: ReactNode;
}) {
  const { mode } = useAppData();
  return (
    <Panel
      id="panel-open-orders"
      title="Open orders"
      resource={resource}
      empty="No resting orders."
      aside={resource.data && <span>{`${resource.data.orders.length} open`}</span>}
    >
      {(r) => (
        <>
          {notice}
          {r.orders.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-400">No resting orders.</p>
          ) : (
            <table className={stacked.table}>
              <caption className="sr-only">Resting orders, oldest first</caption>
              <TableHead columns={COLUMNS} className={stacked.head} />
              <tbody>
                {r.orders.map((o) => (
                  <OpenOrderRow
                    key={o.id}
                    order={o}
                    ready={mode !== undefined}
                    onCancel={() => ask(cancelRequest(o))}
                  />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Panel>
  );
}

function OpenOrderRow({ order: o, ready, onCancel }: { order: Order; ready: boolean; onCancel: () => void }) {
  const precision = precisionOf(o);
  const base = baseOf(o.symbol);
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <tr className={stacked.row} data-client-order-id={o.clientOrderId}>
      <td {...cell('Placed', 'text-slate-300')}>{formatDateTime(o.createdAt)}</td>
      <td {...cell('Order')}>
        <span className="font-semibold">{o.symbol}</span> <SideBadge side={o.side} />{' '}
        <span className="text-xs text-slate-400">
          {o.type} · {o.strategy}
        </span>
      </td>
      <td {...cell('Quantity', stacked.figure)}>
        <Quantity value={o.quantity} precision={precision} base={base} />
      </td>
      <td {...cell('Limit', stacked.figure)}>
        <Price value={o.price} precision={precision} />
      </td>
      <td {...cell('Filled', stacked.figure)}>
        <Quantity value={o.filledQuantity ?? '0'} precision={precision} />
      </td>
      <td {...cell('Stop / target', `${stacked.figure} text-xs`)}>
        <Price value={o.stopLoss} precision={precision} />
        <span className="text-slate-400"> / </span>
        <Price value={o.takeProfit} precision={precision} />
      </td>
      <td {...cell('Action', `${stacked.figure} ${stacked.wide}`)}>
        <button
          type="button"
          disabled={!ready || o.status !== 'open'}
          aria-label={`Cancel order ${o.clientOrderId}`}
          className="rounded-md border border-red-700 px-2.5 py-1 text-xs font-semibold text-red-200 hover:bg-red-950 disabled:cursor-not-allowed disabled:opacity-50"
          onClick={onCancel}
        >
          {o.status === 'open' ? 'Cancel' : o.status}
        </button>
      </td>
    </tr>
  );
}
