import { toPlain, type Decimal } from '@roottrading/accounting';
import type { NewClosedPosition, NewOrder, NewTrade, Tx } from '@roottrading/db';
import type {
  EngineCandle,
  EngineOrder,
  EngineOutput,
  EnginePosition,
  EngineState,
  KillSwitchView,
} from '@roottrading/engine';
import {
  insertClosedPositions,
  insertOrders,
  insertTrades,
  markCheckedThrough,
  orderIdsOf,
  updateOrders,
  writeBalances,
  writeEngineCandles,
  writeRiskState,
  type OrderChange,
} from '../repositories/engine-ledger.js';
import { forgetAccountSource } from '../repositories/account-source.js';
import { replaceBalances } from '../repositories/balances.js';
import { deleteEquityMarks, saveEquityMarks } from '../repositories/equity-marks.js';
import { deleteInstanceResults, saveInstanceResults } from '../repositories/instance-results.js';
import { changedResults } from './changed-results.js';
import { insertPause, resumePause } from '../repositories/pauses.js';
import { deleteDemoPositions, writePositions, type PositionValues } from '../repositories/positions.js';
import { partialRuleOf } from '../orders/partial-rule.js';
import { trailingRuleOf } from '../orders/trailing-rule.js';
import { PAPER_LEDGER, type LedgerScope } from './order-ids.js';

/**
 * Writes one batch of the engine's outputs in the caller's transaction, a few multi-row statements
 * for the whole batch: orders as they stand at its end, trades, positions (the last state of each),
 * closed positions, balances, the kill switch and the last candle stepped per symbol. `candles` are
 * the candles the batch stepped and `marks` the equity marks as the batch left them. An account reset
 * in the batch clears the positions and marks at its place in the order. An exchange account's
 * balances are the exchange's: they are read from it, never written here.
 */
export async function commitOutputs(
  tx: Tx,
  batch: {
    outputs: readonly EngineOutput[];
    candles: readonly EngineCandle[];
    marks: EngineState['marks'];
    /** The instances' closed results as the batch left them; those it changed are written. */
    results?: EngineState['results'];
  },
  scope: LedgerScope = PAPER_LEDGER,
): Promise<void> {
  const { outputs, candles } = batch;
  const { demo } = scope;
  const parts = splitAtResets(outputs);
  for (const { reset, outputs: part } of parts) {
    if (reset) {
      await deleteDemoPositions(tx);
      await deleteEquityMarks(tx);
      await deleteInstanceResults(tx);
      await replaceBalances(tx, new Map([...reset.balances].map(([asset, v]) => [asset, toPlain(v)])));
      // The fresh account trades on whatever market comes next (PaperCandleSource adopts it).
      await forgetAccountSource(tx, demo);
    }
    await commitPart(tx, part, scope);
  }
  if (batch.results) await saveInstanceResults(tx, changedResults(outputs, batch.results), demo);
  const last = new Map(candles.map((c) => [c.symbol, c]));
  await markCheckedThrough(
    tx,
    demo,
    [...last.values()].map((c) => ({ symbol: c.symbol, openTime: new Date(c.openTime) })),
  );
  await saveEquityMarks(
    tx,
    [...batch.marks].map(([currency, m]) => ({
      currency,
      peak: toPlain(m.peak),
      day: m.day,
      dayStart: toPlain(m.dayStart),
      last: m.last === null ? null : toPlain(m.last),
    })),
    demo,
  );
  await writeEngineCandles(
    tx,
    [...last.values()].map((c) => ({
      demo,
      symbol: c.symbol,
      open_time: new Date(c.openTime),
      close_time: new Date(c.closeTime),
      open: toPlain(c.open),
      high: toPlain(c.high),
      low: toPlain(c.low),
      close: toPlain(c.close),
    })),
  );
}

type ResetOutput = Extract<EngineOutput, { type: 'account-reset' }>;

/** The outputs before the first reset, then those after each reset with it. */
function splitAtResets(outputs: readonly EngineOutput[]): { reset?: ResetOutput; outputs: EngineOutput[] }[] {
  const parts: { reset?: ResetOutput; outputs: EngineOutput[] }[] = [{ outputs: [] }];
  for (const o of outputs) {
    if (o.type === 'account-reset') parts.push({ reset: o, outputs: [] });
    else parts.at(-1)!.outputs.push(o);
  }
  return parts;
}

async function commitPart(tx: Tx, outputs: readonly EngineOutput[], scope: LedgerScope): Promise<void> {
  const { demo, ids: codec } = scope;
  const created = new Map<string, EngineOrder>();
  const changed = new Map<string, EngineOrder>();
  const positions = new Map<string, EnginePosition | FlatPosition>();
  const closed: NewClosedPosition[] = [];
  const trades: Extract<EngineOutput, { type: 'trade' }>['trade'][] = [];
  const balances = new Map<string, { free: Decimal; locked: Decimal }>();
  let killSwitch: KillSwitchView | undefined;
  for (const o of outputs) {
    // Pauses in the order they came (a pause and a resume in one batch must both be recorded).
    if (o.type === 'pauses') {
      if (o.change === 'paused') await insertPause(tx, o.scope, o.target, o.by, demo, new Date(o.at));
      else await resumePause(tx, o.scope, o.target, o.by, demo);
    }
    if (o.type === 'order') created.set(o.order.id, o.order);
    else if (o.type === 'order-updated') (created.has(o.order.id) ? created : changed).set(o.order.id, o.order);
    else if (o.type === 'trade') trades.push(o.trade);
    else if (o.type === 'position') positions.set(`${o.position.strategy}\u0000${o.position.symbol}`, o.position);
    else if (o.type === 'position-closed') {
      const c = o.closed;
      positions.set(`${c.strategy}\u0000${c.symbol}`, { flat: true, strategy: c.strategy, symbol: c.symbol });
      closed.push({
        demo,
        strategy: c.strategy,
        symbol: c.symbol,
        quantity: toPlain(c.quantity),
        entry_price: toPlain(c.entryPrice),
        exit_price: toPlain(c.exitPrice),
        opened_at: c.openedAt,
        closed_at: c.closedAt,
        gross_pnl: toPlain(c.grossPnl),
        fees: toPlain(c.fees),
        net_pnl: toPlain(c.netPnl),
        exit_reason: c.exitReason,
      });
    } else if (o.type === 'balance') balances.set(o.asset, { free: o.free, locked: o.locked });
    else if (o.type === 'kill-switch') killSwitch = o.state;
  }

  const inserted = await insertOrders(
    tx,
    [...created.values()].map((o) => orderRow(o, scope)),
  );
  await updateOrders(
    tx,
    [...changed.values()].map((o) => orderChange(o, codec.clientIdOf(o.id))),
  );
  const ids = new Map(inserted.map((r) => [r.client_order_id, r.id]));
  const missing = trades.map((t) => codec.clientIdOf(t.orderId)).filter((id) => !ids.has(id));
  for (const [client, id] of await orderIdsOf(tx, [...new Set(missing)])) ids.set(client, id);
  await insertTrades(
    tx,
    trades.map((t) => tradeRow(t, ids.get(codec.clientIdOf(t.orderId))!, scope)),
  );
  await writePositions(tx, [...positions.values()].map(positionValues), demo);
  await insertClosedPositions(tx, closed);
  if (demo) {
    await writeBalances(
      tx,
      [...balances].map(([asset, b]) => ({ asset, free: toPlain(b.free), locked: toPlain(b.locked) })),
    );
  }
  if (killSwitch) {
    await writeRiskState(tx, demo, {
      active: killSwitch.active,
      reason: killSwitch.reason,
      trippedAt: killSwitch.trippedAt === null ? null : new Date(killSwitch.trippedAt),
      resetBy: killSwitch.resetBy,
      resetAt: killSwitch.resetAt === null ? null : new Date(killSwitch.resetAt),
    });
  }
}

function orderRow(o: EngineOrder, { demo, ids }: LedgerScope): NewOrder {
  const p = o.protection;
  return {
    client_order_id: ids.clientIdOf(o.id),
    signal_id: o.signalId,
    idempotency_key: o.idempotencyKey,
    strategy: o.strategy,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    quantity: toPlain(o.quantity),
    status: o.status,
    reason: o.reason,
    demo,
    exit_reason: o.exitReason,
    price: o.type === 'limit' && o.price ? toPlain(o.price) : null,
    filled_quantity: toPlain(o.filledQuantity),
    stop_loss: p?.stopLoss ? toPlain(p.stopLoss) : null,
    take_profit: p?.takeProfit ? toPlain(p.takeProfit) : null,
    trailing_stop: p?.trailing ? JSON.stringify(trailingRuleOf(p.trailing)) : null,
    partial_take_profit: p?.partial ? JSON.stringify(partialRuleOf(p.partial)) : null,
    time_stop: p?.timeStop ?? null,
    // Market time: a resting order fills only on candles opening after it, after a restart too.
    created_at: new Date(o.placedAt),
  };
}

function orderChange(o: EngineOrder, clientOrderId: string): OrderChange {
  return {
    clientOrderId,
    status: o.status,
    filledQuantity: toPlain(o.filledQuantity),
    reason: o.reason,
  };
}

function tradeRow(
  t: Extract<EngineOutput, { type: 'trade' }>['trade'],
  orderId: string,
  { demo, ids }: LedgerScope,
): NewTrade {
  return {
    order_id: orderId,
    client_order_id: ids.clientIdOf(t.orderId),
    symbol: t.symbol,
    side: t.side,
    status: 'FILLED',
    price: toPlain(t.price),
    quantity: toPlain(t.quantity),
    quote_quantity: toPlain(t.quoteQuantity),
    fee: toPlain(t.fee),
    fee_currency: t.feeCurrency,
    fee_quote: t.feeQuote === null ? null : toPlain(t.feeQuote),
    role: t.role,
    strategy: t.strategy,
    signal_id: t.signalId,
    realized_pnl: t.realizedPnl === null ? null : toPlain(t.realizedPnl),
    timestamp: new Date(t.time),
    demo,
    exit_reason: t.exitReason,
  };
}

const FLAT = { quantity: '0', cost: '0', opened_at: null, entry_quantity: '0', entry_cost: '0' };
const NO_PROTECTION_ROW = {
  ...{ stop_loss: null, take_profit: null, trailing_stop: null, trail_high: null, trail_stop: null },
  ...{ partial_take_profit: null, time_stop: null, partial_taken: false, entry_candle: null },
};

/** A position a fill closed: written as a row with quantity 0, no life and no protections. */
interface FlatPosition {
  flat: true;
  strategy: string;
  symbol: string;
}

function positionValues(p: EnginePosition | FlatPosition): PositionValues {
  if ('flat' in p) {
    const zero = { exit_quantity: '0', exit_proceeds: '0', realized_gross: '0', fees: '0', monitored_until: null };
    return { strategy: p.strategy, symbol: p.symbol, ...FLAT, ...zero, ...NO_PROTECTION_ROW };
  }
  const { life, protection, trail } = p;
  return {
    strategy: p.strategy,
    symbol: p.symbol,
    quantity: toPlain(life.holding.quantity),
    cost: toPlain(life.holding.cost),
    opened_at: life.openedAt,
    entry_quantity: toPlain(life.entryQuantity),
    entry_cost: toPlain(life.entryCost),
    exit_quantity: toPlain(life.exitQuantity),
    exit_proceeds: toPlain(life.exitProceeds),
    realized_gross: toPlain(life.realizedGross),
    fees: toPlain(life.fees),
    stop_loss: protection.stopLoss ? toPlain(protection.stopLoss) : null,
    take_profit: protection.takeProfit ? toPlain(protection.takeProfit) : null,
    trailing_stop: protection.trailing ? trailingRuleOf(protection.trailing) : null,
    trail_high: trail ? toPlain(trail.high) : null,
    trail_stop: trail?.stop ? toPlain(trail.stop) : null,
    monitored_until: p.checkedThrough === null ? null : new Date(p.checkedThrough),
    partial_take_profit: protection.partial ? partialRuleOf(protection.partial) : null,
    time_stop: protection.timeStop,
    partial_taken: p.partialTaken,
    entry_candle: p.entryCandle === null ? null : new Date(p.entryCandle),
  };
}
