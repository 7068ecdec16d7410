import type { OpenPosition, Order } from '@roottrading/contracts';
import { closeAllPositions, closePosition, type CloseAllAnswer } from '../../api/controls';
import type { ConfirmRequest } from '../../components/confirm-dialog';
import { Amount, Price, Quantity } from '../../components/amount';
import { baseOf, formatPrice, formatQuantity, quoteOf, symbolPrecision } from '../../format/precision';
import { formatDateTime } from '../../format/time';

/** What one exit order came to, in a line: sold at its price, or its status and reason. */
export function orderOutcome(order: Order): string {
  const precision = symbolPrecision(order.symbol, { prices: [order.averagePrice], quantities: [order.quantity] });
  if (order.status === 'filled') {
    const price = order.averagePrice ?? order.fill?.price;
    const at = price ? ` at ${formatPrice(price, precision)} ${quoteOf(order.symbol)}` : '';
    return `sold ${formatQuantity(order.quantity, precision)} ${baseOf(order.symbol)}${at}`;
  }
  return `order ${order.status}${order.reason ? `: ${order.reason}` : ''}`;
}

/** "stop loss and take profit": the protections a position has, in words; empty for none. */
function protections(p: OpenPosition): string {
  const names = [
    p.stopLoss !== null && 'stop loss',
    p.takeProfit !== null && 'take profit',
    p.trailingStop !== null && 'trailing stop',
  ].filter((n): n is string => typeof n === 'string');
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** The confirmation of closing one position: a market SELL of all of it, tagged manual. */
export function closeOneRequest(p: OpenPosition): ConfirmRequest<{ order: Order }> {
  const precision = symbolPrecision(p.symbol, { prices: [p.averageEntryPrice, p.lastPrice], quantities: [p.quantity] });
  const base = baseOf(p.symbol);
  const quote = quoteOf(p.symbol);
  return {
    title: `Close ${p.strategy}'s ${p.symbol} position?`,
    body: (
      <>
        <p>
          Sells all <Quantity value={p.quantity} precision={precision} base={base} /> that {p.strategy} holds in{' '}
          {p.symbol} now, at the market price: one market SELL, exit reason &ldquo;manual&rdquo;.
        </p>
        <p className="text-slate-300">
          Last price <Price value={p.lastPrice} precision={precision} quote={quote} missing="unknown" />, unrealized
          P&amp;L <Amount value={p.unrealizedPnl} currency={quote} signed missing="unknown" /> before fees. Opened{' '}
          {formatDateTime(p.openedAt)}
          {protections(p) ? `; its ${protections(p)} go with it` : ''}. Without a fresh price the trader refuses the
          sale.
        </p>
      </>
    ),
    confirmLabel: 'Close position',
    danger: true,
    run: (who) => closePosition(p, who),
    done: ({ order }) =>
      `Closed ${p.strategy}'s ${p.symbol} position: ${orderOutcome(order)} (order ${order.clientOrderId}).`,
  };
}

/** The confirmation of closing every open position (scope all). */
export function closeAllRequest(positions: readonly OpenPosition[]): ConfirmRequest<CloseAllAnswer> {
  return {
    title: 'Close every open position?',
    body: (
      <>
        <p>
          Sells every position open on the trader when it receives this (scope &ldquo;all&rdquo;), each whole at the
          market price: one market SELL per position, exit reason &ldquo;manual&rdquo;. Open when the page last loaded:
        </p>
        <ul className="list-disc pl-5 text-slate-300">
          {positions.map((p) => (
            <li key={`${p.strategy}|${p.symbol}`}>
              {p.strategy} · {p.symbol} ·{' '}
              <Quantity value={p.quantity} precision={symbolPrecision(p.symbol)} base={baseOf(p.symbol)} />
            </li>
          ))}
        </ul>
        <p className="text-slate-300">
          A position whose exit is already in flight is left to it. New entries are not paused: the strategies may buy
          again (pause them on the Controls page to stay flat).
        </p>
      </>
    ),
    confirmLabel: `Close all ${positions.length} positions`,
    danger: true,
    run: (who) => closeAllPositions({ scope: 'all' }, who),
    done: (a) => {
      const refused = a.orders.filter((o) => o.status !== 'filled');
      const why = refused.map((o) => `${o.strategy} ${o.symbol}: ${orderOutcome(o)}`).join('; ');
      return `Close all: ${a.closed} sold, ${a.rejected} not${why ? ` (${why})` : ''}.`;
    },
  };
}
