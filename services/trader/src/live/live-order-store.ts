import { dec, FLAT_LIFE, recordTrade, sum, toPlain, type Decimal } from '@roottrading/accounting';
import { baseOf, quoteOf, type ExitReason, type Side } from '@roottrading/contracts';
import type { Db, DbOrTx, OrderRow, PositionRow, TradeDbRow, Tx } from '@roottrading/db';
import { lifeOf } from '../orders/execute-order.js';
import { type Protection } from '@roottrading/engine';
import { trailingRuleOf, trailingSpecOf } from '../orders/trailing-rule.js';
import { startTrail } from '@roottrading/engine';
import { writePosition } from '../repositories/positions.js';
import { feeInQuote } from './fee-valuation.js';
import type { ExecutedFill, OrderOutcome } from './order-executor.js';

/**
 * The database side of live orders. An order row is committed as `pending` BEFORE it is sent (a
 * crash then leaves a row reconciliation looks for; a redelivered signal hits the unique
 * signal_id), and whatever the exchange answered is recorded afterwards in ONE transaction. Each
 * exchange fill is a live_fills row, unique on (symbol, trade id), and only a newly inserted fill
 * moves the position and the order's aggregate trade row: a fill found twice counts once.
 */

export interface PendingOrderRow {
  clientOrderId: string;
  signalId: string | null;
  idempotencyKey: string | null;
  strategy: string;
  symbol: string;
  side: Side;
  type: 'market' | 'limit';
  quantity: Decimal;
  price: Decimal | null;
  exitReason: ExitReason | null;
  /** A BUY's protections (on the tick), written with the row: whoever learns of its fills applies them. */
  protection?: Protection;
}

/** Writes the order as `pending`; undefined when its signal or idempotency key already has an order. */
export async function insertPendingOrder(db: DbOrTx, o: PendingOrderRow): Promise<OrderRow | undefined> {
  return db
    .insertInto('orders')
    .values({
      client_order_id: o.clientOrderId,
      signal_id: o.signalId,
      idempotency_key: o.idempotencyKey,
      strategy: o.strategy,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      quantity: toPlain(o.quantity),
      price: o.price === null ? null : toPlain(o.price),
      status: 'pending',
      reason: null,
      demo: false,
      exit_reason: o.exitReason,
      stop_loss: o.protection?.stopLoss ? toPlain(o.protection.stopLoss) : null,
      take_profit: o.protection?.takeProfit ? toPlain(o.protection.takeProfit) : null,
      trailing_stop: o.protection?.trailing ? JSON.stringify(trailingRuleOf(o.protection.trailing)) : null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** A refusal decided before anything was sent (rules, position, pause): recorded straight away. */
export async function insertRefusedOrder(
  db: DbOrTx,
  o: PendingOrderRow,
  status: 'rejected' | 'expired',
  reason: string,
): Promise<OrderRow | undefined> {
  const row = await insertPendingOrder(db, o);
  if (!row) return undefined;
  return db
    .updateTable('orders')
    .set({ status, reason, updated_at: new Date() })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface RecordedOutcome {
  order: OrderRow;
  trade: TradeDbRow | null;
  /** Fills recorded by this call (not seen before). */
  newFills: number;
}

/** Records the executor's answer for an order row, in the caller's transaction. */
export async function recordOutcome(
  tx: Tx,
  row: OrderRow,
  outcome: OrderOutcome,
  stepOf: (symbol: string) => Decimal | undefined,
): Promise<RecordedOutcome> {
  if (outcome.status === 'rejected') {
    const order = await updateOrder(tx, row.id, {
      status: 'rejected',
      reason: outcome.reason,
      exchange_error: outcome.exchangeError,
      quantity: toPlain(outcome.quantity),
    });
    return { order, trade: null, newFills: 0 };
  }
  if (outcome.status === 'unknown') {
    // May exist on the exchange: stays pending, never rejected, never resent; reconciliation settles it.
    const order = await updateOrder(tx, row.id, { reason: outcome.reason });
    return { order, trade: await tradeOf(tx, row.id), newFills: 0 };
  }
  const placed = outcome.order;
  const newFills = await recordFills(tx, row, placed.exchangeOrderId ?? '', placed.fills, stepOf);
  const order = await updateOrder(tx, row.id, {
    status: outcome.status === 'filled' ? 'filled' : outcome.status,
    exchange_order_id: placed.exchangeOrderId,
    quantity: toPlain(placed.quantity),
    price: placed.price === null ? null : toPlain(placed.price),
    filled_quantity: toPlain(placed.filledQuantity),
    reason: null,
  });
  return { order, trade: await tradeOf(tx, row.id), newFills };
}

/** An order row's state as the exchange reports it now (reconciliation, open-order polling). */
export async function settleOrderState(
  tx: Tx,
  row: OrderRow,
  state: {
    status: 'open' | 'closed' | 'canceled' | 'expired' | 'rejected' | 'absent';
    exchangeOrderId: string | null;
    filledQuantity: Decimal;
  },
): Promise<OrderRow> {
  if (state.status === 'absent') {
    return updateOrder(tx, row.id, { status: 'rejected', reason: 'never reached the exchange' });
  }
  const status = state.status === 'closed' ? 'filled' : state.status;
  return updateOrder(tx, row.id, {
    status,
    exchange_order_id: state.exchangeOrderId,
    filled_quantity: toPlain(state.filledQuantity),
  });
}

/**
 * Inserts the fills (each at most once) and applies those that are new to the strategy's live
 * position and to the order's aggregate trade row. Returns how many were new.
 */
export async function recordFills(
  tx: Tx,
  row: OrderRow,
  exchangeOrderId: string,
  fills: readonly ExecutedFill[],
  stepOf: (symbol: string) => Decimal | undefined,
): Promise<number> {
  let fresh = 0;
  let realized = dec(0);
  for (const f of fills) {
    if (f.tradeId === null) continue;
    // Valued by the caller (a BNB fee needs a price); a base or quote fee is valued here if it was not.
    const feeQuote = f.feeQuote ?? feeInQuote(row.symbol, f);
    const inserted = await tx
      .insertInto('live_fills')
      .values({
        order_id: row.id,
        client_order_id: row.client_order_id,
        exchange_order_id: exchangeOrderId,
        exchange_trade_id: f.tradeId,
        symbol: row.symbol,
        side: row.side,
        price: toPlain(f.price),
        quantity: toPlain(f.quantity),
        quote_quantity: toPlain(f.quoteQuantity),
        fee: toPlain(f.fee),
        fee_currency: f.feeCurrency,
        fee_quote: feeQuote === null ? null : toPlain(feeQuote),
        role: f.role,
        timestamp: new Date(f.timestamp),
      })
      .onConflict((oc) => oc.constraint('live_fills_trade_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    fresh++;
    realized = realized.plus(await applyToPosition(tx, row, f, feeQuote, stepOf(row.symbol)));
  }
  if (fresh > 0) await upsertAggregateTrade(tx, row, realized);
  return fresh;
}

/**
 * One fill on the strategy's live position (average cost, like the paper account), its fee valued
 * in the quote (`feeQuote`, null when it could not be). Returns its realized PnL.
 */
async function applyToPosition(
  tx: Tx,
  row: OrderRow,
  f: ExecutedFill,
  feeQuote: Decimal | null,
  step: Decimal | undefined,
): Promise<Decimal> {
  const position = await lockLivePosition(tx, row.strategy, row.symbol);
  const fee = feeTerms(row.symbol, f, feeQuote);
  const before = position ? lifeOf(position) : FLAT_LIFE;
  const update = recordTrade(
    before,
    { side: row.side, quantity: f.quantity, price: f.price, fee: fee.amount, feeAsset: fee.asset },
    new Date(f.timestamp),
    step ? { dustBelow: step } : {},
  );
  const { life } = update;
  const open = life.holding.quantity.gt(0);
  const wasOpen = !!position && dec(position.quantity).gt(0);
  await writePosition(
    tx,
    {
      strategy: row.strategy,
      symbol: row.symbol,
      quantity: toPlain(life.holding.quantity),
      cost: toPlain(life.holding.cost),
      opened_at: open ? life.openedAt : null,
      entry_quantity: toPlain(life.entryQuantity),
      entry_cost: toPlain(life.entryCost),
      exit_quantity: toPlain(life.exitQuantity),
      exit_proceeds: toPlain(life.exitProceeds),
      realized_gross: toPlain(life.realizedGross),
      fees: toPlain(life.fees),
      // Protections stay with a position that stays open; a new or closed one has none (the
      // entry's protections are set by protectLivePosition in the same transaction).
      ...(open && wasOpen
        ? {
            stop_loss: position.stop_loss,
            take_profit: position.take_profit,
            trailing_stop: position.trailing_stop,
            trail_high: position.trail_high,
            trail_stop: position.trail_stop,
          }
        : { stop_loss: null, take_profit: null, trailing_stop: null, trail_high: null, trail_stop: null }),
    },
    false,
  );
  if (update.closed) {
    const c = update.closed;
    await tx
      .insertInto('closed_positions')
      .values({
        demo: false,
        strategy: row.strategy,
        symbol: row.symbol,
        quantity: toPlain(c.quantity),
        entry_price: toPlain(c.entryPrice),
        exit_price: toPlain(c.exitPrice),
        opened_at: c.openedAt,
        closed_at: c.closedAt,
        gross_pnl: toPlain(c.grossPnl),
        fees: toPlain(c.fees),
        net_pnl: toPlain(c.netPnl),
        exit_reason: row.exit_reason ?? 'manual',
      })
      .execute();
  }
  return update.realized ?? dec(0);
}

/** The protections an entry order was sent with; undefined for an exit or an unprotected entry. */
export function protectionOfOrder(row: OrderRow): Protection | undefined {
  if (row.side !== 'BUY' || (row.stop_loss === null && row.take_profit === null && row.trailing_stop === null)) {
    return undefined;
  }
  return {
    stopLoss: row.stop_loss === null ? null : dec(row.stop_loss),
    takeProfit: row.take_profit === null ? null : dec(row.take_profit),
    trailing: trailingSpecOf(row.trailing_stop),
  };
}

/**
 * After new fills of an entry were recorded (same transaction): the protections written on its
 * order row go on the position, whichever path learned of the fills — the reply, the open-order
 * poller or start-up reconciliation. The trail starts from the order's average fill price.
 */
export async function protectFromOrder(tx: Tx, row: OrderRow, tick: Decimal): Promise<void> {
  const protection = protectionOfOrder(row);
  if (!protection) return;
  const trade = await tradeOf(tx, row.id);
  if (!trade) return;
  await protectLivePosition(tx, row.strategy, row.symbol, protection, dec(trade.price), tick);
}

/**
 * Puts an entry's protections on the strategy's open live position (after the entry's fills were
 * applied, same transaction), as demo does: those given replace the position's, the others stay;
 * a trailing stop starts from the fill price (or the higher high the position already saw).
 */
export async function protectLivePosition(
  tx: Tx,
  strategy: string,
  symbol: string,
  protection: Protection,
  fillPrice: Decimal,
  tick: Decimal,
): Promise<void> {
  const position = await lockLivePosition(tx, strategy, symbol);
  if (!position || dec(position.quantity).lte(0)) return;
  const set: {
    stop_loss?: string;
    take_profit?: string;
    trailing_stop?: string;
    trail_high?: string;
    trail_stop?: string | null;
  } = {};
  if (protection.stopLoss) set.stop_loss = toPlain(protection.stopLoss);
  if (protection.takeProfit) set.take_profit = toPlain(protection.takeProfit);
  if (protection.trailing) {
    const entry = dec(position.cost).div(position.quantity);
    const seen = position.trail_high === null ? null : dec(position.trail_high);
    const high = seen && seen.gt(fillPrice) ? seen : fillPrice;
    const started = startTrail(protection.trailing, entry, high, tick);
    set.trailing_stop = JSON.stringify(trailingRuleOf(protection.trailing));
    set.trail_high = toPlain(started.high);
    set.trail_stop = started.stop ? toPlain(started.stop) : null;
  }
  if (Object.keys(set).length === 0) return;
  await tx
    .updateTable('positions')
    .set({ ...set, updated_at: new Date() })
    .where('demo', '=', false)
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .execute();
}

/**
 * How a fee enters the position: a fee in the base asset reduces what a buy holds; one in the
 * quote is a cost. A fee in a third asset (BNB) leaves the base and the quote alone, so it enters
 * as its quote value: recordTrade adds a quote fee to the life's fees without touching the cost
 * or the quantity. Unvalued (no price when it was recorded), it adds nothing; its live_fills row
 * keeps it as charged, with fee_quote null.
 */
function feeTerms(
  symbol: string,
  f: ExecutedFill,
  feeQuote: Decimal | null,
): { amount: Decimal; asset: 'base' | 'quote' } {
  if (f.feeCurrency === baseOf(symbol)) return { amount: f.fee, asset: 'base' };
  if (f.feeCurrency === quoteOf(symbol)) return { amount: f.fee, asset: 'quote' };
  return { amount: feeQuote ?? dec(0), asset: 'quote' };
}

/**
 * trades keeps one row per order: for a live order the sum of its live_fills. `fee` and
 * `fee_currency` are the first fill's currency and the fees charged in it: when binance charged
 * one order in two currencies (BNB until it ran out, then the asset received), the others' fees
 * are only on their live_fills rows. `fee_quote` covers every currency: the sum of the fills'
 * fee_quote — a fill whose fee could not be valued (null) stays out of it, so the sum is what is
 * known, never a guess.
 */
async function upsertAggregateTrade(tx: Tx, row: OrderRow, realizedDelta: Decimal): Promise<void> {
  const fills = await tx.selectFrom('live_fills').selectAll().where('order_id', '=', row.id).orderBy('id').execute();
  const quantity = sum(fills.map((f) => dec(f.quantity)));
  const quote = sum(fills.map((f) => dec(f.quote_quantity)));
  const feeCurrency = fills[0]!.fee_currency;
  const fee = sum(fills.filter((f) => f.fee_currency === feeCurrency).map((f) => dec(f.fee)));
  const feeQuote = sum(
    fills.map((f) => {
      // Rows written before fee_quote existed (migration 005) are valued as then: base and quote only.
      const valued =
        f.fee_quote ?? feeInQuote(row.symbol, { price: dec(f.price), fee: dec(f.fee), feeCurrency: f.fee_currency });
      return valued === null ? dec(0) : dec(valued);
    }),
  );
  const takers = fills.filter((f) => f.role === 'taker').length;
  const existing = await tradeOf(tx, row.id);
  const realized =
    row.side === 'SELL' ? (existing?.realized_pnl ? dec(existing.realized_pnl) : dec(0)).plus(realizedDelta) : null;
  const values = {
    price: toPlain(quote.div(quantity).toDecimalPlaces(18)),
    quantity: toPlain(quantity),
    quote_quantity: toPlain(quote),
    fee: toPlain(fee),
    fee_currency: feeCurrency,
    fee_quote: toPlain(feeQuote.toDecimalPlaces(18)),
    role: takers > 0 ? ('taker' as const) : ('maker' as const),
    realized_pnl: realized === null ? null : toPlain(realized),
    timestamp: fills.reduce((t, f) => (f.timestamp > t ? f.timestamp : t), fills[0]!.timestamp),
    status: 'FILLED',
  };
  if (existing) {
    await tx.updateTable('trades').set(values).where('id', '=', existing.id).execute();
    return;
  }
  await tx
    .insertInto('trades')
    .values({
      ...values,
      order_id: row.id,
      client_order_id: row.client_order_id,
      symbol: row.symbol,
      side: row.side,
      strategy: row.strategy,
      signal_id: row.signal_id,
      demo: false,
      exit_reason: row.exit_reason,
    })
    .execute();
}

async function updateOrder(
  tx: Tx,
  id: string,
  set: Partial<{
    status: OrderRow['status'];
    reason: string | null;
    exchange_error: string | null;
    exchange_order_id: string | null;
    quantity: string;
    price: string | null;
    filled_quantity: string;
  }>,
): Promise<OrderRow> {
  return tx
    .updateTable('orders')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function tradeOf(db: DbOrTx, orderId: string): Promise<TradeDbRow | null> {
  return (await db.selectFrom('trades').selectAll().where('order_id', '=', orderId).executeTakeFirst()) ?? null;
}

export async function lockLivePosition(tx: Tx, strategy: string, symbol: string): Promise<PositionRow | undefined> {
  return tx
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', false)
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .forUpdate()
    .executeTakeFirst();
}

export async function listLivePositions(db: DbOrTx): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('demo', '=', false)
    .where('quantity', '>', '0')
    .orderBy('symbol')
    .orderBy('strategy')
    .execute();
}

/** Live orders sent and not final: what reconciliation and the open-order poller settle. */
export async function listUnsettledLiveOrders(db: DbOrTx): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('demo', '=', false)
    .where('status', 'in', ['pending', 'open'])
    .orderBy('id')
    .execute();
}

export async function findLiveOrder(db: DbOrTx, clientOrderId: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('client_order_id', '=', clientOrderId)
    .where('demo', '=', false)
    .executeTakeFirst();
}

export async function withTrade(db: DbOrTx, order: OrderRow): Promise<{ order: OrderRow; trade: TradeDbRow | null }> {
  return { order, trade: await tradeOf(db, order.id) };
}

export async function isFillRecorded(db: DbOrTx, symbol: string, tradeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('live_fills')
    .select('id')
    .where('symbol', '=', symbol)
    .where('exchange_trade_id', '=', tradeId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function readWatermark(db: Db, exchange: string): Promise<number | null> {
  const row = await db
    .selectFrom('exchange_sync')
    .select('fills_watermark')
    .where('exchange', '=', exchange)
    .executeTakeFirst();
  return row ? row.fills_watermark.getTime() : null;
}

export async function writeWatermark(db: DbOrTx, exchange: string, at: number): Promise<void> {
  await db
    .insertInto('exchange_sync')
    .values({ exchange, fills_watermark: new Date(at) })
    .onConflict((oc) => oc.column('exchange').doUpdateSet({ fills_watermark: new Date(at), updated_at: new Date() }))
    .execute();
}
