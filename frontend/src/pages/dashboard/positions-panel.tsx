import { useCallback } from 'react';
import type { OpenPosition, OpenPositionsResponse } from '@roottrading/contracts';
import { useAppData } from '../../app-data';
import { Amount, Price, Quantity } from '../../components/amount';
import { Panel } from '../../components/panel';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { baseOf, precisionBySymbol, quoteOf, symbolPrecision, type SymbolPrecision } from '../../format/precision';
import { formatDateTime } from '../../format/time';
import { useConfirmedAction } from '../../hooks/use-confirmed-action';
import type { Resource } from '../../hooks/use-resource';
import { useLiveSelect, useLiveStore, useMarketPrices } from '../../live/live-context';
import { revaluePosition } from '../../live/live-valuation';
import { closeAllRequest, closeOneRequest } from './position-actions';

const COLUMNS = [
  { label: 'Symbol' },
  { label: 'Strategy' },
  { label: 'Quantity', right: true },
  { label: 'Entry', right: true },
  { label: 'Last', right: true },
  { label: 'Unrealized P&L', right: true },
  { label: 'Stop / target', right: true },
  { label: 'Opened' },
  { label: 'Action', right: true },
] as const;

const actionButton =
  'rounded-md border border-red-700 px-2.5 py-1 text-xs font-semibold text-red-200 hover:bg-red-950 disabled:cursor-not-allowed disabled:opacity-50';

/**
 * Open positions per strategy and symbol, valued at the last price, with their protective exits;
 * each can be closed, or all at once (a confirmation first, then the trader's answer).
 */
export function PositionsPanel({ resource }: { resource: Resource<OpenPositionsResponse> }) {
  const { mode } = useAppData();
  const live = useLiveStore();
  const reload = resource.reload;
  const onDone = useCallback(() => {
    reload();
    live.accountChanged();
  }, [reload, live]);
  const { ask, dialog, notice } = useConfirmedAction(onDone);
  const positions = resource.data?.positions ?? [];
  // Orders are off until the trader says whether it trades demo or live (the token depends on it).
  const ready = mode !== undefined;
  return (
    <>
      <Panel
        id="panel-positions"
        title="Open positions"
        resource={resource}
        empty="No open positions."
        aside={
          resource.data && (
            <>
              <span>{`${positions.length} open`}</span>
              {positions.length > 0 && (
                <button
                  type="button"
                  className={actionButton}
                  disabled={!ready}
                  onClick={() => ask(closeAllRequest(positions))}
                >
                  Close all
                </button>
              )}
            </>
          )
        }
      >
        {(r) => (
          <>
            {notice}
            {r.positions.length === 0 ? (
              <p className="py-6 text-center text-sm text-slate-400">No open positions.</p>
            ) : (
              <PositionsTable positions={r.positions} ready={ready} onClose={(p) => ask(closeOneRequest(p))} />
            )}
          </>
        )}
      </Panel>
      {dialog}
    </>
  );
}

function PositionsTable({
  positions,
  ready,
  onClose,
}: {
  positions: readonly OpenPosition[];
  ready: boolean;
  onClose: (p: OpenPosition) => void;
}) {
  // Valued at each new close as it is pushed, between the portfolio's answers.
  const candles = useLiveSelect((s) => s.candles);
  const valued = positions.map((p) => revaluePosition(p, candles.get(p.symbol)));
  const precision = precisionBySymbol(
    valued.flatMap((p) => [
      { symbol: p.symbol, price: p.averageEntryPrice, quantity: p.quantity },
      { symbol: p.symbol, price: p.lastPrice },
    ]),
    useMarketPrices(),
  );
  return (
    <div className="sm:overflow-x-auto">
      <table className={stacked.table}>
        <caption className="sr-only">Open positions</caption>
        <TableHead columns={COLUMNS} className={stacked.head} />
        <tbody>
          {valued.map((p) => (
            <PositionRow
              key={`${p.strategy}|${p.symbol}`}
              position={p}
              precision={precision.get(p.symbol) ?? symbolPrecision(p.symbol)}
              ready={ready}
              onClose={onClose}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PositionRow({
  position: p,
  precision: prec,
  ready,
  onClose,
}: {
  position: OpenPosition;
  precision: SymbolPrecision;
  ready: boolean;
  onClose: (p: OpenPosition) => void;
}) {
  const stop = p.trailingStopPrice ?? p.stopLoss;
  const cell = (label: string, extra = '') => ({ 'data-label': label, className: `${stacked.cell} ${extra}` });
  return (
    <tr className={stacked.row} data-position={`${p.strategy}|${p.symbol}`}>
      <td {...cell('Symbol', 'font-semibold')}>{p.symbol}</td>
      <td {...cell('Strategy', 'text-slate-300')}>{p.strategy}</td>
      <td {...cell('Quantity', stacked.figure)}>
        <Quantity value={p.quantity} precision={prec} base={baseOf(p.symbol)} />
      </td>
      <td {...cell('Entry', stacked.figure)}>
        <Price value={p.averageEntryPrice} precision={prec} />
      </td>
      <td {...cell('Last', stacked.figure)}>
        <Price value={p.lastPrice} precision={prec} missing="no price" />
      </td>
      <td {...cell('Unrealized P&L', stacked.figure)}>
        <Amount value={p.unrealizedPnl} currency={quoteOf(p.symbol)} signed missing="no price" />
      </td>
      <td {...cell('Stop / target', `${stacked.figure} text-xs`)}>
        <Price value={stop} precision={prec} />
        {p.trailingStopPrice && <span className="ml-1 text-slate-400">(trailing)</span>}
        <span className="text-slate-400"> / </span>
        <Price value={p.takeProfit} precision={prec} />
      </td>
      <td {...cell('Opened', 'text-slate-300')}>{formatDateTime(p.openedAt)}</td>
      <td {...cell('Action', `${stacked.figure} ${stacked.wide}`)}>
        <button
          type="button"
          className={actionButton}
          disabled={!ready}
          aria-label={`Close ${p.strategy}'s ${p.symbol} position`}
          onClick={() => onClose(p)}
        >
          Close
        </button>
      </td>
    </tr>
  );
}
