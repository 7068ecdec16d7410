import { describe, expect, it } from '@jest/globals';
import type { OperatorActionView } from '@roottrading/contracts';
import { describeAction } from './describe-action';

const row = (over: Partial<OperatorActionView>): OperatorActionView => ({
  id: '1',
  at: '2026-11-21T10:00:00.000Z',
  action: 'pause',
  actor: 'alice',
  scope: null,
  target: null,
  details: {},
  ...over,
});

describe('an audit row in words', () => {
  it.each([
    [
      { action: 'pause', scope: 'strategy', target: 'RSI_Strategy', details: { created: true } },
      'Paused new entries of strategy RSI_Strategy',
      '',
    ],
    [
      { action: 'pause', scope: 'all', details: { created: false } },
      'Paused new entries (everything)',
      'it was already paused',
    ],
    [
      { action: 'resume', scope: 'symbol', target: 'BTC/USDC', details: { resumed: 0 } },
      'Resumed new entries in BTC/USDC',
      'nothing was paused',
    ],
    [
      {
        action: 'close_all',
        scope: 'all',
        details: { orders: [{ status: 'filled' }, { status: 'filled' }, { status: 'rejected' }] },
      },
      'Closed every position (everything)',
      '3 exit orders: 2 filled, 1 rejected',
    ],
    [
      { action: 'close_all', scope: 'strategy', target: 'SMA', details: { orders: [] } },
      'Closed every position of strategy SMA',
      'nothing was open to close',
    ],
    [
      {
        action: 'close_position',
        target: 'BTC/USDC',
        details: { strategy: 'manual', symbol: 'BTC/USDC', orders: [{ clientOrderId: 'rt-o9', status: 'filled' }] },
      },
      "Closed manual's BTC/USDC position",
      'exit order rt-o9: filled',
    ],
    [
      {
        action: 'cancel_order',
        target: 'rt-o4',
        details: {
          status: 'canceled',
          side: 'BUY',
          type: 'limit',
          quantity: '0.001',
          symbol: 'BTC/USDC',
          price: '29000',
        },
      },
      'Canceled order rt-o4',
      'BUY limit 0.001 BTC/USDC at 29000 · canceled',
    ],
    [
      { action: 'cancel_order', target: 'rt-o5', details: { status: 'cancel requested' } },
      'Canceled order rt-o5',
      'cancel requested',
    ],
    [
      { action: 'kill_switch_trip', actor: 'risk-manager', details: { reason: 'daily loss of 6 %' } },
      'Kill switch tripped',
      'daily loss of 6 %',
    ],
    [
      { action: 'kill_switch_reset', details: { wasActive: true, reason: 'drawdown' } },
      'Kill switch reset',
      'it was tripped: drawdown',
    ],
    [{ action: 'kill_switch_reset', details: { wasActive: false } }, 'Kill switch reset', 'it was not tripped'],
    [{ action: 'account_reset' }, 'Paper account reset to its starting balances', ''],
  ] as const)('%j', (over, what, detail) => {
    expect(describeAction(row(over as Partial<OperatorActionView>))).toEqual({ what, detail });
  });
});
