import { dec } from '@roottrading/accounting';
import type { Db, OrderRow, PositionRow } from '@roottrading/db';
import {
  idempotencyFingerprint,
  positionKey,
  restoreState,
  resultKey,
  type EngineConfig,
  type EngineOrder,
  type EnginePosition,
  type EngineState,
  type IdempotencyRecord,
  type KillSwitchView,
} from '@roottrading/engine';
import { reservationOfRow } from '../account/limit-orders.js';
import { pauseOfRow } from '../controls/pause-rows.js';
import { lifeOf } from './position-life.js';
import { partialSpecOf } from '../orders/partial-rule.js';
import { trailingSpecOf } from '../orders/trailing-rule.js';
import { listBalances } from '../repositories/balances.js';
import { lastEngineOrderNumber, listEngineCandles, listKeyedOrders } from '../repositories/engine-ledger.js';
import { loadEquityMarks } from '../repositories/equity-marks.js';
import { loadInstanceResults } from '../repositories/instance-results.js';
import { listFillIds, listOpenOrders } from '../repositories/orders.js';
import { listActivePauses } from '../repositories/pauses.js';
import { listOpenPositions } from '../repositories/positions.js';
import { loadRiskState } from '../repositories/risk-state.js';
import { PAPER_LEDGER, type LedgerScope, type OrderIds } from './order-ids.js';

/**
 * An account as the ledger stored it, read in one snapshot and made the engine's state again:
 * balances (the paper account's; an exchange account's are read from the exchange), open positions
 * with their protections, trails and the candle they were checked through, live orders with what
 * they hold (and the exchange fills already booked on them), the kill switch, equity marks, pauses,
 * the last candle stepped per symbol, the next order number and every Idempotency-Key used.
 */
export async function loadEngineState(
  db: Db,
  config: EngineConfig,
  scope: LedgerScope = PAPER_LEDGER,
): Promise<EngineState> {
  const { demo, ids } = scope;
  const read = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      const orders = await listOpenOrders(tx, demo);
      return {
        balances: demo ? await listBalances(tx) : [],
        positions: await listOpenPositions(tx, demo),
        orders,
        fills: demo
          ? new Map<string, string[]>()
          : await listFillIds(
              tx,
              orders.map((o) => o.client_order_id),
            ),
        risk: await loadRiskState(tx, demo),
        marks: await loadEquityMarks(tx, demo),
        pauses: await listActivePauses(tx, demo),
        candles: await listEngineCandles(tx, demo),
        lastOrder: await lastEngineOrderNumber(tx, demo, ids.prefix),
        keyed: await listKeyedOrders(tx, demo),
        results: await loadInstanceResults(tx, demo),
      };
    });
  const killSwitch: KillSwitchView = {
    active: read.risk?.kill_switch ?? false,
    reason: read.risk?.kill_reason ?? null,
    trippedAt: read.risk?.tripped_at?.getTime() ?? null,
    resetBy: read.risk?.reset_by ?? null,
    resetAt: read.risk?.reset_at?.getTime() ?? null,
  };
  const orders = new Map(
    read.orders.flatMap((row) => orderOf(row, config, ids, read.fills.get(row.client_order_id) ?? [])),
  );
  const positions = new Map(read.positions.map((row) => [positionKey(row.strategy, row.symbol), positionOf(row)]));
  // An exit still in flight (sent, not filled yet) keeps its position exit-pending after a restart.
  for (const o of orders.values()) {
    const p = positions.get(positionKey(o.strategy, o.symbol));
    if (p && o.side === 'SELL' && o.type === 'market' && o.exitReason !== null) p.exitOrderId = o.id;
  }
  return restoreState({
    orderSeq: read.lastOrder + 1,
    balances: new Map(read.balances.map((b) => [b.asset, { free: dec(b.free), locked: dec(b.locked) }])),
    positions,
    orders,
    lastCandles: new Map(
      read.candles.map((c) => [
        c.symbol,
        {
          symbol: c.symbol,
          openTime: c.open_time.getTime(),
          closeTime: c.close_time.getTime(),
          open: dec(c.open),
          high: dec(c.high),
          low: dec(c.low),
          close: dec(c.close),
        },
      ]),
    ),
    killSwitch,
    marks: new Map(
      read.marks.map((m) => [
        m.currency,
        { peak: dec(m.peak), day: m.day, dayStart: dec(m.dayStart), last: m.last == null ? null : dec(m.last) },
      ]),
    ),
    pauses: read.pauses.map(pauseOfRow),
    idempotency: new Map(read.keyed.map((row) => [row.idempotency_key!, keyOf(row, config, ids)])),
    results: new Map(read.results.map((r) => [resultKey(r.strategy, r.quote), dec(r.netPnl)])),
  });
}

function positionOf(row: PositionRow): EnginePosition {
  const life = lifeOf(row);
  const trailing = trailingSpecOf(row.trailing_stop);
  const average = life.holding.cost.div(life.holding.quantity);
  return {
    strategy: row.strategy,
    symbol: row.symbol,
    life,
    protection: {
      stopLoss: row.stop_loss === null ? null : dec(row.stop_loss),
      takeProfit: row.take_profit === null ? null : dec(row.take_profit),
      trailing,
      partial: partialSpecOf(row.partial_take_profit),
      timeStop: row.time_stop,
    },
    trail: trailing
      ? {
          high: row.trail_high === null ? average : dec(row.trail_high),
          stop: row.trail_stop === null ? null : dec(row.trail_stop),
        }
      : null,
    checkedThrough: row.monitored_until?.getTime() ?? null,
    entryCandle: row.entry_candle?.getTime() ?? null,
    partialTaken: row.partial_taken,
    exitOrderId: null,
  };
}

/** A resting order with what it holds, computed again the way it was placed; none without market rules. */
function orderOf(row: OrderRow, config: EngineConfig, ids: OrderIds, tradeIds: string[]): [string, EngineOrder][] {
  const rules = config.markets.get(row.symbol);
  if (!rules) return [];
  const trailing = trailingSpecOf(row.trailing_stop);
  const partial = partialSpecOf(row.partial_take_profit);
  const protected_ =
    row.stop_loss !== null ||
    row.take_profit !== null ||
    trailing !== null ||
    partial !== null ||
    row.time_stop !== null;
  const id = ids.engineIdOf(row.client_order_id);
  const order: EngineOrder = {
    id,
    source: sourceOf(row),
    strategy: row.strategy,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    quantity: dec(row.quantity),
    price: row.price === null ? null : dec(row.price),
    status: row.status,
    reason: row.reason,
    exitReason: row.exit_reason,
    signalId: row.signal_id,
    idempotencyKey: row.idempotency_key,
    protection: protected_
      ? {
          stopLoss: row.stop_loss === null ? null : dec(row.stop_loss),
          takeProfit: row.take_profit === null ? null : dec(row.take_profit),
          trailing,
          partial,
          timeStop: row.time_stop,
        }
      : null,
    filledQuantity: dec(row.filled_quantity),
    // A market order left pending by a crash has no price to hold funds at: the exchange settles it at once.
    reserved: row.price === null ? null : reservationOfRow(row, rules, config.costs),
    placedAt: row.created_at.getTime(),
    tradeIds,
  };
  return [[id, order]];
}

/** A used Idempotency-Key: the order it made and what it asked for, the protections as stored. */
function keyOf(row: OrderRow, config: EngineConfig, ids: OrderIds): IdempotencyRecord {
  const trailing = row.trailing_stop;
  return {
    orderId: ids.engineIdOf(row.client_order_id),
    fingerprint: idempotencyFingerprint(config.markets, {
      symbol: row.symbol,
      side: row.side,
      orderType: row.type,
      quantity: dec(row.quantity),
      ...(row.price === null ? {} : { price: dec(row.price) }),
      protection: {
        ...(row.stop_loss === null ? {} : { stopLoss: row.stop_loss }),
        ...(row.take_profit === null ? {} : { takeProfit: row.take_profit }),
        ...(trailing ? { trailingStop: trailing } : {}),
      },
    }),
  };
}

/**
 * What put a stored live order on the book, as far as its row tells: a resting limit is a manual
 * order (only those rest); a market order in flight is a signal's, a protective exit, the kill
 * switch's, or else manual (a close and a manual SELL look alike; the source is only descriptive).
 */
function sourceOf(row: OrderRow): EngineOrder['source'] {
  if (row.type === 'limit') return 'manual';
  if (row.signal_id !== null) return 'signal';
  if (row.exit_reason === 'kill_switch') return 'kill_switch';
  const protective = ['stop_loss', 'take_profit', 'trailing_stop', 'partial_take_profit', 'time_stop'];
  if (row.exit_reason !== null && protective.includes(row.exit_reason)) return 'protection';
  return 'manual';
}
