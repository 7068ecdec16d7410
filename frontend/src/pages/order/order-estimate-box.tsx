import { Amount, Price } from '../../components/amount';
import { formatPercent } from '../../format/decimal';
import type { SymbolPrecision } from '../../format/precision';
import { formatAge, formatDateTime } from '../../format/time';
import type { LastPrice } from './order-form';
import type { Estimate, FeeRate } from './order-estimate';

const none = <span className="text-slate-400">—</span>;

/** The last price and what the order will roughly cost: value, fee and (a BUY) the total it takes. */
export function OrderEstimateBox({
  side,
  type,
  last,
  precision,
  base,
  quote,
  estimate,
  fee,
}: {
  side: 'BUY' | 'SELL';
  type: 'market' | 'limit';
  last: LastPrice | undefined;
  precision: SymbolPrecision;
  base: string;
  quote: string;
  estimate: Estimate | undefined;
  fee: FeeRate;
}) {
  return (
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
        <dd className="text-right">{estimate ? <Amount value={estimate.value} currency={quote} /> : none}</dd>
        <dt className="text-slate-400">
          Estimated fee{' '}
          <span className="text-xs">
            ({formatPercent(Number(fee.rate), 3)}
            {fee.observed ? '' : ', assumed'})
          </span>
        </dt>
        <dd className="text-right">{estimate ? <Amount value={estimate.fee} currency={quote} exact /> : none}</dd>
        {side === 'BUY' && (
          <>
            <dt className="text-slate-400">{type === 'limit' ? 'Locked until it fills' : 'Estimated cost'}</dt>
            <dd className="text-right font-semibold">
              {estimate ? <Amount value={estimate.total} currency={quote} /> : none}
            </dd>
          </>
        )}
      </dl>
      <p className="mt-2 text-xs text-slate-400">
        {type === 'limit'
          ? 'A limit order rests until a candle trades through its price, then fills at it (or at a better open); its funds are locked meanwhile.'
          : "A market order fills at the latest price plus the trader's slippage; the figures above are estimates."}
      </p>
      {estimate?.exceedsBalance && (
        <p className="mt-2 text-xs text-amber-300">
          This is more than the available {side === 'BUY' ? quote : base}; the trader will refuse it.
        </p>
      )}
    </section>
  );
}
