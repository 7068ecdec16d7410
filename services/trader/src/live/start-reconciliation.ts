import { dec } from '@roottrading/accounting';
import { baseOf } from '@roottrading/contracts';
import type { Db, NewLiveFill } from '@roottrading/db';
import type { EngineEvent, EngineOrder } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import { insertExchangeFills, writeOrderFacts, type OrderFactsRow } from '../repositories/exchange-orders.js';
import { isFillRecorded, readWatermark, writeWatermark } from '../repositories/exchange-sync.js';
import type { EngineRunner } from '../runner/engine-runner.js';
import { fillEvent, fillRow } from '../runner/exchange-outcome.js';
import type { LiveStack } from './live-stack.js';
import { describeReconciliation, reconcile, type SettledOrder } from './reconciliation.js';

export interface StartReconciliation {
  runner: EngineRunner;
  db: Db;
  live: LiveStack;
  symbols: readonly string[];
  /** The exchange account's key: its watermark is kept under it. */
  syncKey: string;
  lookbackMs: number;
  logger: Logger;
  now: () => number;
}

/**
 * What happened on the exchange while the trader was down, stepped into the engine as one batch
 * before anything else: fills of our orders (each once — the engine knows the trade ids it booked,
 * and live_fills refuses one twice), then where each order it still held live stands now. Foreign
 * orders and balances are reported (log, /health), never adopted. The watermark moves in the same
 * transaction.
 */
export async function reconcileAtStart(deps: StartReconciliation): Promise<void> {
  const { runner, db, live, logger } = deps;
  const { ids } = runner.scope;
  const since = (await readWatermark(db, deps.syncKey)) ?? deps.now() - deps.lookbackMs;
  const liveOrders = [...runner.state.orders.values()];
  const tracked = new Map<string, ReturnType<typeof dec>>();
  for (const p of runner.state.positions.values()) {
    const base = baseOf(p.symbol);
    tracked.set(base, (tracked.get(base) ?? dec(0)).plus(p.life.holding.quantity));
  }
  const result = await reconcile(live.exchange, {
    symbols: deps.symbols,
    since,
    prefix: ids.prefix,
    pending: liveOrders.map((o) => ({ symbol: o.symbol, clientOrderId: ids.clientIdOf(o.id) })),
    isRecorded: (symbol, tradeId) => isFillRecorded(db, symbol, tradeId),
    tracked,
  });

  const events: EngineEvent[] = [];
  const fills: Omit<NewLiveFill, 'order_id'>[] = [];
  const facts: OrderFactsRow[] = [];
  for (const fill of result.fills) {
    const order = orderOf(runner, ids.engineIdOf(fill.clientOrderId));
    if (!order) {
      // Every order is committed before it is sent, so this is an order of ours the engine let go of.
      logger.error({ clientOrderId: fill.clientOrderId, tradeId: fill.tradeId }, 'a fill of ours has no live order');
      result.problems.push(`fill ${fill.tradeId} of ${fill.clientOrderId} has no live order`);
      continue;
    }
    events.push(fillEvent(order.id, fill));
    fills.push(fillRow(order, fill.clientOrderId, fill.exchangeOrderId, fill));
    facts.push({ clientOrderId: fill.clientOrderId, exchangeOrderId: fill.exchangeOrderId });
  }
  for (const settled of result.orders) {
    const order = orderOf(runner, ids.engineIdOf(settled.clientOrderId));
    const update = order && updateOf(order, settled, deps.now());
    if (update) events.push(update);
    facts.push({ clientOrderId: settled.clientOrderId, exchangeOrderId: settled.exchangeOrderId });
  }
  await runner.run(events, async (tx) => {
    await insertExchangeFills(tx, fills);
    for (const f of facts) await writeOrderFacts(tx, f);
    await writeWatermark(tx, deps.syncKey, result.watermark);
  });
  live.noteReconciliation(result);
  const summary = { ...describeReconciliation(result), fillsRecorded: fills.length };
  const worrying = result.foreignOrders.length + result.untrackedBalances.length + result.problems.length > 0;
  logger[worrying ? 'warn' : 'info'](summary, 'start-up reconciliation');
}

function orderOf(runner: EngineRunner, id: string): EngineOrder | undefined {
  return runner.state.orders.get(id) ?? runner.state.settled.get(id);
}

/** Where the exchange says a live order stands, as the engine's event; none when its fills say it all. */
function updateOf(order: EngineOrder, s: SettledOrder, now: number): EngineEvent | null {
  const at = now;
  if (s.status === 'absent') {
    return { type: 'order-update', at, orderId: order.id, status: 'rejected', reason: 'never reached the exchange' };
  }
  if (s.status === 'open') {
    return order.status === 'pending'
      ? { type: 'order-update', at, orderId: order.id, status: 'open', reason: null }
      : null;
  }
  if (s.status === 'closed') return null;
  const reason = s.status === 'rejected' ? 'the exchange rejected the order' : `${s.status} on the exchange`;
  return { type: 'order-update', at, orderId: order.id, status: s.status, reason };
}
