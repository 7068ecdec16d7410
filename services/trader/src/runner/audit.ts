import { toPlain } from '@roottrading/accounting';
import type { Tx } from '@roottrading/db';
import type { EngineOrder, EngineOutput } from '@roottrading/engine';
import type { LedgerScope } from '../ledger/order-ids.js';
import { insertOperatorActions, type ActionRow } from '../repositories/operator-actions.js';
import type { Step } from './engine-runner.js';

/** Who trips the kill switch in the audit trail. */
export const RISK_MANAGER = 'risk-manager';

/**
 * The audit rows of a batch: each operator event with who asked and what it did (the orders a close
 * placed, whether a kill switch was active), and each kill-switch trip. The row's own time is when it
 * was written (the wall clock); `marketTime` is the event's time.
 */
export async function auditRowsOf(tx: Tx, steps: readonly Step[], { demo, ids }: LedgerScope): Promise<void> {
  const rows: ActionRow[] = [];
  for (const { event: e, outputs: mine, before } of steps) {
    const marketTime = new Date(e.at).toISOString();
    switch (e.type) {
      case 'pause':
      case 'resume':
        rows.push({
          action: e.type,
          actor: e.by,
          scope: e.scope,
          target: e.target,
          details: { marketTime, ...pauseChange(e.type, before.pauses.length, mine) },
        });
        break;
      case 'close': {
        const orders = finalOrders(mine);
        // A filter naming both the strategy and the symbol is one position (POST /positions/close).
        const one = e.filter.symbol !== undefined && e.filter.strategy !== undefined;
        rows.push({
          action: one ? 'close_position' : 'close_all',
          actor: e.by,
          scope: one ? null : e.filter.symbol ? 'symbol' : e.filter.strategy ? 'strategy' : 'all',
          target: e.filter.symbol ?? e.filter.strategy ?? null,
          details: {
            ...e.filter,
            marketTime,
            orders: orders.map((o) => ({
              clientOrderId: ids.clientIdOf(o.id),
              symbol: o.symbol,
              strategy: o.strategy,
              status: o.status,
            })),
            // Resting SELLs of the positions, cancelled first so all of each position is sold
            // (on an exchange: the cancel requested, the exit sent once it is done).
            cancelled: mine.flatMap((o) =>
              o.type === 'order-updated' && o.order.status === 'canceled'
                ? [ids.clientIdOf(o.order.id)]
                : o.type === 'cancel-order'
                  ? [ids.clientIdOf(o.orderId)]
                  : [],
            ),
          },
        });
        break;
      }
      case 'cancel': {
        const row = cancelRow(e, mine, ids.clientIdOf(e.orderId), marketTime);
        if (row) rows.push(row);
        break;
      }
      case 'kill-switch-reset':
        rows.push({
          action: 'kill_switch_reset',
          actor: e.by,
          details: {
            marketTime,
            wasActive: before.killSwitch.active,
            reason: before.killSwitch.reason,
            trippedAt: before.killSwitch.trippedAt,
          },
        });
        break;
      case 'account-reset':
        rows.push({ action: 'account_reset', actor: e.by, details: { marketTime } });
        break;
      default:
        break;
    }
  }
  for (const { outputs } of steps) {
    const trip = outputs.find((o) => o.type === 'kill-switch' && o.change === 'tripped');
    if (trip?.type !== 'kill-switch') continue;
    // KILL_SWITCH_CLOSE_POSITIONS: the exits the trip placed, as it placed them.
    const exits = finalOrders(outputs).filter((o) => o.exitReason === 'kill_switch');
    rows.push({
      action: 'kill_switch_trip',
      actor: RISK_MANAGER,
      details: {
        reason: trip.state.reason,
        marketTime: new Date(trip.at).toISOString(),
        orders: exits.map((o) => ({ clientOrderId: ids.clientIdOf(o.id), symbol: o.symbol, status: o.status })),
      },
    });
  }
  await insertOperatorActions(tx, rows, demo);
}

/**
 * An operator's cancel, when it did something: the order taken off the book (paper), or the cancel
 * asked of the exchange. A cancel of an order no longer open changes nothing and is not recorded.
 */
function cancelRow(
  e: Extract<Step['event'], { type: 'cancel' }>,
  outputs: readonly EngineOutput[],
  clientOrderId: string,
  marketTime: string,
): ActionRow | undefined {
  const updated = outputs.find((o) => o.type === 'order-updated' && o.order.id === e.orderId);
  const order = updated?.type === 'order-updated' && updated.order.status === 'canceled' ? updated.order : undefined;
  const asked = outputs.some((o) => o.type === 'cancel-order' && o.orderId === e.orderId);
  if (!order && !asked) return undefined;
  return {
    action: 'cancel_order',
    actor: e.by,
    target: clientOrderId,
    details: {
      marketTime,
      status: order ? 'canceled' : 'cancel requested',
      ...(order && {
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        quantity: toPlain(order.quantity),
        price: order.price ? toPlain(order.price) : null,
      }),
    },
  };
}

/** What a pause created or a resume lifted, as the first pause tooling recorded it. */
function pauseChange(type: 'pause' | 'resume', before: number, outputs: readonly EngineOutput[]) {
  const after = outputs.findLast((o) => o.type === 'pauses');
  const now = after?.type === 'pauses' ? after.pauses.length : before;
  return type === 'pause' ? { created: now > before } : { resumed: before - now };
}

/** Each order the step placed, as the step left it (a paper order is placed pending, then filled). */
function finalOrders(outputs: readonly EngineOutput[]): EngineOrder[] {
  const last = new Map<string, EngineOrder>();
  for (const o of outputs) {
    if (o.type === 'order') last.set(o.order.id, o.order);
    else if (o.type === 'order-updated' && last.has(o.order.id)) last.set(o.order.id, o.order);
  }
  return [...last.values()];
}
