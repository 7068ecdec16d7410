import {
  dec,
  FLAT_LIFE,
  floorToStep,
  recordTrade,
  toPlain,
  type Decimal,
  type LifeUpdate,
  type PositionLife,
} from '@roottrading/accounting';
import type { ExitReason, Side } from '@roottrading/contracts';
import type { ClosedPositionRow, DemoBalanceRow, PositionRow, Tx } from '@roottrading/db';
import { fillPrice, simulateFill, type FillCosts } from '@roottrading/engine';
import type { MarketRules, Markets } from '@roottrading/engine';
import { startTrail } from '@roottrading/engine';
import { addToFreeMany } from '../repositories/balances.js';
import { insertClosedPosition } from '../repositories/closed-positions.js';
import { insertOrder, insertOrderIfAbsent, settleOpenOrder, type OrderWithTrade } from '../repositories/orders.js';
import { writePosition, type PositionValues } from '../repositories/positions.js';
import { insertTrade } from '../repositories/trades.js';
import type { EntryRiskOutcome } from '@roottrading/engine';
import {
  asksForProtection,
  NO_PROTECTION,
  resolveProtection,
  type Protection,
  type ProtectionRequest,
} from '@roottrading/engine';
import { trailingRuleOf } from './trailing-rule.js';
import { checkPosition } from '@roottrading/engine';
import { TxLocks } from './tx-locks.js';

export interface OrderIntent {
  strategy: string;
  symbol: string;
  side: Side;
  /** Base quantity; 'all' sells the strategy's whole position; 'sized' lets the risk manager size a BUY. */
  requested: Decimal | 'all' | 'sized';
  /** Signal strategies buy only when flat; manual orders may add to a position. */
  buyOnlyWhenFlat: boolean;
  /** The price before slippage; null only together with `refuse`. */
  referencePrice: Decimal | null;
  /** Record the order with this status and reason and trade nothing (expired signal, no fresh price…). */
  refuse?: { status: 'expired' | 'rejected'; reason: string };
  signalId: string | null;
  idempotencyKey: string | null;
  clientOrderId: string;
  /** The fill's time: the candle's close for a signal or a protective exit, now for a manual order. */
  fillTime: Date;
  /** Why a SELL exits (every exit carries one). */
  exitReason?: ExitReason;
  /** Stop-loss, take-profit and trailing stop a BUY sets on its position. */
  protection?: ProtectionRequest;
  /** Fill at the reference price itself (protective exits: the level, or the open that gapped past it). */
  exactPrice?: boolean;
  /** Protective exits: act only on the life they were computed for; anything else is a no-op (null). */
  onlyIfOpenedAt?: Date;
  /** A resting limit order that fills now: its row is settled (filled or rejected) instead of a new one written. */
  openOrderId?: string;
  /** Who the fill was: a resting limit order is the maker; everything else takes (default). */
  role?: 'maker' | 'taker';
}

/** What the risk manager is asked about an entry. */
export interface EntryProposal {
  strategy: string;
  symbol: string;
  rules: MarketRules;
  /** The price the entry will fill at. */
  price: Decimal;
  /** The quantity asked for; null: size it. */
  requested: Decimal | null;
  stopLoss: Decimal | null;
  /** False when it adds to a position already open. */
  opensPosition: boolean;
}

export type EntryGuard = (proposal: EntryProposal) => EntryRiskOutcome;

export interface ExecutionRules {
  markets: Markets;
  costs: FillCosts;
  /** The risk manager, asked before every BUY. */
  entryGuard?: EntryGuard;
}

export type Rejection = 'position' | 'protection' | 'risk';

export interface ExecutedOrder extends OrderWithTrade {
  /** Which rule refused it, when one of the trader's own rules did (rather than the market or the balance). */
  rejectedBy?: Rejection;
  /** After a fill: the position and balance rows as written. */
  position?: PositionRow;
  balances?: DemoBalanceRow[];
  /** The fill closed the position: its history row. */
  closed?: ClosedPositionRow;
}

/**
 * Decides and records one order inside the caller's transaction: the order row always (filled,
 * rejected or expired, with the reason), and for a fill also the trade, the strategy's position
 * (with its life and protections), the closed-position row when it goes flat, and both balances —
 * so they commit together or not at all. The position and balance rows are locked first (or were,
 * by the batch: `locks`), then read, so the decision is made on values no one else can change
 * meanwhile. The order row is the first thing written.
 *
 * Returns null when nothing was written: a signal that already has its order (a duplicate), or a
 * protective exit whose position is no longer the one it was computed for.
 */
export async function executeOrder(
  tx: Tx,
  intent: OrderIntent,
  rules: ExecutionRules,
  locks: TxLocks = new TxLocks(),
): Promise<ExecutedOrder | null> {
  const position = await locks.position(tx, intent.strategy, intent.symbol);
  const life = lifeOf(position);
  const held = life.holding.quantity;
  if (intent.onlyIfOpenedAt && (held.isZero() || position?.opened_at?.getTime() !== intent.onlyIfOpenedAt.getTime())) {
    return null;
  }
  const market = rules.markets.get(intent.symbol);
  const sized = intent.requested === 'sized';
  const asked = intent.requested === 'all' ? held : sized ? dec(0) : (intent.requested as Decimal);
  const record = (status: 'rejected' | 'expired', reason: string, quantity: Decimal, rejectedBy?: Rejection) =>
    recordUnfilled(tx, intent, status, reason, quantity, rejectedBy);

  if (intent.refuse || !market || !intent.referencePrice) {
    const quantity = market ? floorToStep(asked, market.stepSize) : asked;
    const refuse = intent.refuse ?? { status: 'rejected' as const, reason: `no market rules for ${intent.symbol}` };
    return record(refuse.status, refuse.reason, quantity);
  }

  const check = checkPosition({
    strategy: intent.strategy,
    side: intent.side,
    rules: market,
    held,
    requested: intent.requested === 'all' ? 'all' : asked,
    buyOnlyWhenFlat: intent.buyOnlyWhenFlat,
  });
  if (!check.ok) return record('rejected', check.reason, check.quantity, 'position');

  let quantity = check.quantity;
  let protection: Protection | null = null;
  if (intent.side === 'BUY') {
    // The entry's price is known before it fills (deterministic demo fill): protections and the
    // risk manager are judged on it.
    const price = fillPrice('BUY', intent.referencePrice, rules.costs.slippage, market.tickSize);
    if (asksForProtection(intent.protection)) {
      const resolved = resolveProtection(intent.protection, price, market.tickSize);
      if (!resolved.ok) return record('rejected', resolved.reason, quantity, 'protection');
      protection = resolved.protection;
    }
    if (rules.entryGuard) {
      const verdict = rules.entryGuard({
        strategy: intent.strategy,
        symbol: intent.symbol,
        rules: market,
        price,
        requested: sized ? null : quantity,
        stopLoss:
          protection?.stopLoss ?? (position && held.gt(0) && position.stop_loss ? dec(position.stop_loss) : null),
        opensPosition: held.isZero(),
      });
      if (!verdict.ok) return record('rejected', verdict.reason, verdict.quantity, 'risk');
      quantity = verdict.quantity;
    } else if (sized) {
      return record('rejected', 'no risk manager to size the entry', quantity, 'risk');
    }
  }

  const locked = await locks.balanceRows(tx, [market.base, market.quote]);
  const free = (asset: string) => dec(locked.get(asset)?.free ?? '0');
  const outcome = simulateFill({
    side: intent.side,
    quantity,
    referencePrice: intent.referencePrice,
    exactPrice: intent.exactPrice,
    rules: market,
    costs: rules.costs,
    available: { base: free(market.base), quote: free(market.quote) },
  });
  if (!outcome.ok) return record('rejected', outcome.reason, outcome.quantity);

  const { fill } = outcome;
  const update = recordTrade(
    life,
    { side: intent.side, quantity: fill.quantity, price: fill.price, fee: fill.fee, feeAsset: fill.feeAsset },
    intent.fillTime,
    { dustBelow: market.stepSize },
  );
  const exitReason = intent.side === 'SELL' ? (intent.exitReason ?? 'manual') : null;
  const order = await writeOrder(tx, intent, { quantity: toPlain(fill.quantity), status: 'filled', reason: null });
  if (!order) return null;
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
    fee_quote: toPlain(fill.feeQuote),
    role: intent.role ?? 'taker',
    strategy: intent.strategy,
    signal_id: intent.signalId,
    realized_pnl: update.realized ? toPlain(update.realized) : null,
    timestamp: intent.fillTime,
    demo: true,
    exit_reason: exitReason,
  });
  const written = await writePosition(
    tx,
    positionValues(intent, position, update, protection, fill.price, market.tickSize),
  );
  locks.wrotePosition(written);
  let closed: ClosedPositionRow | undefined;
  if (update.closed) {
    const c = update.closed;
    closed = await insertClosedPosition(tx, {
      demo: true,
      strategy: intent.strategy,
      symbol: intent.symbol,
      quantity: toPlain(c.quantity),
      entry_price: toPlain(c.entryPrice),
      exit_price: toPlain(c.exitPrice),
      opened_at: c.openedAt,
      closed_at: c.closedAt,
      gross_pnl: toPlain(c.grossPnl),
      fees: toPlain(c.fees),
      net_pnl: toPlain(c.netPnl),
      exit_reason: exitReason ?? 'manual',
    });
  }
  const balances = await addToFreeMany(
    tx,
    [
      { asset: market.base, delta: toPlain(fill.baseDelta) },
      { asset: market.quote, delta: toPlain(fill.quoteDelta) },
    ],
    new Set([...locked].filter(([, row]) => row !== null).map(([asset]) => asset)),
  );
  for (const b of balances) locks.wroteBalance(b);
  return { order, trade, position: written, balances, closed };
}

/**
 * The position's life as stored; a flat or missing row is a flat life. A position opened before
 * lives were recorded (no entry quantity) starts its record from what it holds now.
 */
export function lifeOf(row: PositionRow | undefined): PositionLife {
  if (!row || dec(row.quantity).isZero()) return FLAT_LIFE;
  const recorded = dec(row.entry_quantity).gt(0);
  return {
    holding: { quantity: dec(row.quantity), cost: dec(row.cost) },
    openedAt: row.opened_at ?? row.updated_at,
    entryQuantity: recorded ? dec(row.entry_quantity) : dec(row.quantity),
    entryCost: recorded ? dec(row.entry_cost) : dec(row.cost),
    exitQuantity: dec(row.exit_quantity),
    exitProceeds: dec(row.exit_proceeds),
    realizedGross: dec(row.realized_gross),
    fees: dec(row.fees),
  };
}

/**
 * The position row after a fill. A new position takes the entry's protections; a manual BUY that
 * adds to one replaces the protections it gives and keeps the others; a partial exit keeps them
 * all; a closed position keeps none.
 */
function positionValues(
  intent: OrderIntent,
  before: PositionRow | undefined,
  update: LifeUpdate,
  protection: Protection | null,
  price: Decimal,
  tick: Decimal,
): PositionValues {
  const { life } = update;
  const base = {
    strategy: intent.strategy,
    symbol: intent.symbol,
    quantity: toPlain(life.holding.quantity),
    cost: toPlain(life.holding.cost),
    opened_at: life.openedAt,
    entry_quantity: toPlain(life.entryQuantity),
    entry_cost: toPlain(life.entryCost),
    exit_quantity: toPlain(life.exitQuantity),
    exit_proceeds: toPlain(life.exitProceeds),
    realized_gross: toPlain(life.realizedGross),
    fees: toPlain(life.fees),
  };
  if (life.holding.quantity.isZero()) {
    return { ...base, stop_loss: null, take_profit: null, trailing_stop: null, trail_high: null, trail_stop: null };
  }
  const wasOpen = !!before && dec(before.quantity).gt(0);
  const kept = {
    stop_loss: wasOpen ? before.stop_loss : null,
    take_profit: wasOpen ? before.take_profit : null,
    trailing_stop: wasOpen ? before.trailing_stop : null,
    trail_high: wasOpen ? before.trail_high : null,
    trail_stop: wasOpen ? before.trail_stop : null,
  };
  if (intent.side === 'SELL' || !protection) return { ...base, ...kept };
  const p = { ...NO_PROTECTION, ...protection };
  const next = { ...kept };
  if (p.stopLoss) next.stop_loss = toPlain(p.stopLoss);
  if (p.takeProfit) next.take_profit = toPlain(p.takeProfit);
  if (p.trailing) {
    // A new trailing rule starts from this fill (or the higher high the position already saw).
    const entry = life.holding.cost.div(life.holding.quantity);
    const high = kept.trail_high && dec(kept.trail_high).gt(price) ? dec(kept.trail_high) : price;
    const started = startTrail(p.trailing, entry, high, tick);
    next.trailing_stop = trailingRuleOf(p.trailing);
    next.trail_high = toPlain(started.high);
    next.trail_stop = started.stop ? toPlain(started.stop) : null;
  }
  return { ...base, ...next };
}

async function recordUnfilled(
  tx: Tx,
  intent: OrderIntent,
  status: 'rejected' | 'expired',
  reason: string,
  quantity: Decimal,
  rejectedBy?: Rejection,
): Promise<ExecutedOrder | null> {
  const order = await writeOrder(tx, intent, { quantity: toPlain(quantity), status, reason });
  return order ? { order, trade: null, rejectedBy } : null;
}

/** A signal's order is written only if the signal has none yet (undefined then); any other always. */
async function writeOrder(
  tx: Tx,
  intent: OrderIntent,
  o: { quantity: string; status: 'filled' | 'rejected' | 'expired'; reason: string | null },
) {
  if (intent.openOrderId !== undefined) {
    if (o.status === 'expired') throw new Error('a resting order is filled or rejected, never expired');
    return settleOpenOrder(tx, intent.openOrderId, {
      status: o.status,
      quantity: o.quantity,
      filledQuantity: o.status === 'filled' ? o.quantity : undefined,
      reason: o.reason,
    });
  }
  const row = { ...orderColumns(intent), ...o };
  return intent.signalId === null ? insertOrder(tx, row) : insertOrderIfAbsent(tx, row);
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
    exit_reason: intent.side === 'SELL' ? (intent.exitReason ?? 'manual') : null,
  };
}
