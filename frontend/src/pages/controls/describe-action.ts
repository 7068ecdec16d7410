import type { OperatorActionView } from '@roottrading/contracts';

/** One audit row in words: what was done, and what came of it. */
export interface ActionWords {
  what: string;
  detail: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** "of strategy RSI_Strategy", "in BTC/USDC", "(everything)": what a pause, resume or close-all covered. */
export function scopeWords(scope: string | null, target: string | null): string {
  if (scope === 'strategy') return `of strategy ${target ?? '?'}`;
  if (scope === 'symbol') return `in ${target ?? '?'}`;
  return '(everything)';
}

interface OrderRef {
  clientOrderId?: string;
  symbol?: string;
  strategy?: string;
  status?: string;
}

const ordersOf = (details: Record<string, unknown>): OrderRef[] =>
  Array.isArray(details.orders) ? (details.orders as OrderRef[]) : [];

/** "2 exit orders: 2 filled", "nothing was open". */
function exitsWords(orders: readonly OrderRef[]): string {
  if (orders.length === 0) return 'nothing was open to close';
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(o.status ?? '?', (counts.get(o.status ?? '?') ?? 0) + 1);
  const byStatus = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `${orders.length} exit order${orders.length === 1 ? '' : 's'}: ${byStatus}`;
}

export function describeAction(a: OperatorActionView): ActionWords {
  const d = a.details;
  switch (a.action) {
    case 'pause':
      return {
        what: `Paused new entries ${scopeWords(a.scope, a.target)}`,
        detail: d.created === false ? 'it was already paused' : '',
      };
    case 'resume': {
      const n = typeof d.resumed === 'number' ? d.resumed : undefined;
      return {
        what: `Resumed new entries ${scopeWords(a.scope, a.target)}`,
        detail: n === 0 ? 'nothing was paused' : '',
      };
    }
    case 'close_all':
      return { what: `Closed every position ${scopeWords(a.scope, a.target)}`, detail: exitsWords(ordersOf(d)) };
    case 'close_position': {
      const [order] = ordersOf(d);
      return {
        what: `Closed ${text(d.strategy) ?? '?'}'s ${text(d.symbol) ?? a.target ?? '?'} position`,
        detail: order ? `exit order ${order.clientOrderId ?? '?'}: ${order.status ?? '?'}` : 'no exit order',
      };
    }
    case 'cancel_order': {
      const order = [text(d.side), text(d.type), text(d.quantity), text(d.symbol)].filter(Boolean).join(' ');
      const price = text(d.price) ? ` at ${text(d.price)}` : '';
      return {
        what: `Canceled order ${a.target ?? '?'}`,
        detail: `${order}${price}${order ? ' · ' : ''}${text(d.status) ?? ''}`,
      };
    }
    case 'kill_switch_trip':
      return { what: 'Kill switch tripped', detail: text(d.reason) ?? '' };
    case 'kill_switch_reset':
      return {
        what: 'Kill switch reset',
        detail:
          d.wasActive === true ? `it was tripped: ${text(d.reason) ?? 'no reason recorded'}` : 'it was not tripped',
      };
    case 'account_reset':
      return { what: 'Paper account reset to its starting balances', detail: '' };
    default:
      return { what: String(a.action), detail: '' };
  }
}
