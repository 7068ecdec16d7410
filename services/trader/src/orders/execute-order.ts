import { applyFill, dec, floorToStep, toPlain, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { Tx } from '@roottrading/db';
import { simulateFill, type FillCosts } from '../fills/demo-fill.js';
import type { Markets } from '../markets/markets.js';
import { addToFree, lockBalances } from '../repositories/balances.js';
import { insertOrder, type OrderWithTrade } from '../repositories/orders.js';
import { lockPosition, savePosition } from '../repositories/positions.js';
import { insertTrade } from '../repositories/trades.js';
import { checkPosition } from './position-check.js';

export interface OrderIntent {
  strategy: string;
  symbol: string;
  side: Side;
  /** Base quantity; 'all' sells the strategy's whole position. */
  requested: Decimal | 'all';
  /** Signal strategies buy only when flat; manual orders may add to a position. */
  buyOnlyWhenFlat: boolean;
  /** The price before slippage; null only together with `refuse`. */
  referencePrice: Decimal | null;
  /** Record the order with this status and reason and trade nothing (expired signal, no fresh price…). */
  refuse?: { status: 'expired' | 'rejected'; reason: string };
  signalId: string | null;
  idempotencyKey: string | null;
  clientOrderId: string;
  /** The fill's time: the candle's close for a signal, now for a manual order. */
  fillTime: Date;
}

export interface ExecutionRules {
  markets: Markets;
  costs: FillCosts;
}

export type PositionRejection = 'position';

export interface ExecutedOrder extends OrderWithTrade {
  /** Why it was refused by the position rules (expected traffic, logged quietly) rather than the market or balance. */
  rejectedBy?: PositionRejection;
}

/**
 * Decides and records one order inside the caller's transaction: the order row always (filled,
 * rejected or expired, with the reason), and for a fill also the trade, the strategy's position
 * and both balances — so they commit together or not at all. The position and balance rows are
 * locked first, then read, so the decision is made on values no one else can change meanwhile.
 */
export async function executeOrder(tx: Tx, intent: OrderIntent, rules: ExecutionRules): Promise<ExecutedOrder> {
  const position = await lockPosition(tx, intent.strategy, intent.symbol);
  const holding = position
    ? { quantity: dec(position.quantity), cost: dec(position.cost) }
    : { quantity: dec(0), cost: dec(0) };
  const market = rules.markets.get(intent.symbol);
  const asked = intent.requested === 'all' ? holding.quantity : intent.requested;
  const record = (status: 'rejected' | 'expired', reason: string, quantity: Decimal) =>
    recordUnfilled(tx, intent, status, reason, quantity);

  if (intent.refuse || !market || !intent.referencePrice) {
    const quantity = market ? floorToStep(asked, market.stepSize) : asked;
    const refuse = intent.refuse ?? { status: 'rejected' as const, reason: `no market rules for ${intent.symbol}` };
    return record(refuse.status, refuse.reason, quantity);
  }

  const check = checkPosition({
    strategy: intent.strategy,
    side: intent.side,
    rules: market,
    held: holding.quantity,
    requested: intent.requested,
    buyOnlyWhenFlat: intent.buyOnlyWhenFlat,
  });
  if (!check.ok) return { ...(await record('rejected', check.reason, check.quantity)), rejectedBy: 'position' };

  const locked = await lockBalances(tx, [market.base, market.quote]);
  const free = (asset: string) => dec(locked.find((b) => b.asset === asset)?.free ?? '0');
  const outcome = simulateFill({
    side: intent.side,
    quantity: check.quantity,
    referencePrice: intent.referencePrice,
    rules: market,
    costs: rules.costs,
    available: { base: free(market.base), quote: free(market.quote) },
  });
  if (!outcome.ok) return record('rejected', outcome.reason, outcome.quantity);

  const { fill } = outcome;
  const effect = applyFill(holding, intent.side, fill.quantity, fill.price);
  const order = await insertOrder(tx, {
    ...orderColumns(intent),
    quantity: toPlain(fill.quantity),
    status: 'filled',
    reason: null,
  });
  const trade = await insertTrade(tx, {
    order_id: order.id,
    client_order_id: intent.clientOrderId,
    symbol: intent.symbol,
    side: intent.side,
    status: 'FILLED',
    price: toPlain(fill.price),
    quantity: toPlain(fill.quantity),
    quote_quantity: toPlain(fill.quoteQuantity),
    fee: toPlain(fill.fee),
    fee_currency: fill.feeCurrency,
    role: 'taker',
    strategy: intent.strategy,
    signal_id: intent.signalId,
    realized_pnl: effect.realized ? toPlain(effect.realized) : null,
    timestamp: intent.fillTime,
    demo: true,
  });
  await savePosition(tx, {
    strategy: intent.strategy,
    symbol: intent.symbol,
    quantity: toPlain(effect.holding.quantity),
    cost: toPlain(effect.holding.cost),
  });
  await addToFree(tx, market.base, toPlain(fill.baseDelta));
  await addToFree(tx, market.quote, toPlain(fill.quoteDelta));
  return { order, trade };
}

async function recordUnfilled(
  tx: Tx,
  intent: OrderIntent,
  status: 'rejected' | 'expired',
  reason: string,
  quantity: Decimal,
): Promise<ExecutedOrder> {
  const order = await insertOrder(tx, { ...orderColumns(intent), quantity: toPlain(quantity), status, reason });
  return { order, trade: null };
}

function orderColumns(intent: OrderIntent) {
  return {
    client_order_id: intent.clientOrderId,
    signal_id: intent.signalId,
    idempotency_key: intent.idempotencyKey,
    strategy: intent.strategy,
    symbol: intent.symbol,
    side: intent.side,
    type: 'market' as const,
    demo: true,
  };
}
