import { describe, expect, it } from '@jest/globals';
import type { PositionRow } from '@roottrading/db';
import { trailingRule, valueOpenPosition } from './open-positions.js';

const row: PositionRow = {
  demo: true,
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  quantity: '0.003000000000000000',
  cost: '63.000000000000000000',
  updated_at: new Date(),
  opened_at: new Date('2023-03-10T14:00:59.999Z'),
  entry_quantity: '0.004',
  entry_cost: '83',
  exit_quantity: '0.001',
  exit_proceeds: '22',
  realized_gross: '1.000000000000000000',
  fees: '0.105000000000000000',
  stop_loss: '19000.000000000000000000',
  take_profit: null,
  trailing_stop: { type: 'percent', value: '0.02', activation: null },
  trail_high: '21500',
  trail_stop: '21070.000000000000000000',
  monitored_until: null,
  partial_take_profit: null,
  time_stop: null,
  partial_taken: false,
  entry_candle: null,
};

describe('valueOpenPosition', () => {
  it('values the open quantity at the last price', () => {
    // 0.003 BTC at cost 63 → average 21000; at 22000: value 66, unrealized +3.
    expect(valueOpenPosition(row, '22000')).toEqual({
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      quantity: '0.003',
      averageEntryPrice: '21000',
      cost: '63',
      lastPrice: '22000',
      marketValue: '66',
      unrealizedPnl: '3',
      realizedGross: '1',
      fees: '0.105',
      openedAt: '2023-03-10T14:00:59.999Z',
      stopLoss: '19000',
      takeProfit: null,
      trailingStop: { type: 'percent', value: '0.02', activation: null },
      trailingStopPrice: '21070',
    });
  });

  it('leaves price-dependent figures null without a price', () => {
    expect(valueOpenPosition(row, undefined)).toMatchObject({
      lastPrice: null,
      marketValue: null,
      unrealizedPnl: null,
      averageEntryPrice: '21000',
    });
  });

  it('shows a loss as a negative unrealized PnL', () => {
    // 0.003 × 20500 = 61.5; 61.5 − 63 = −1.5
    expect(valueOpenPosition(row, '20500').unrealizedPnl).toBe('-1.5');
  });
});

describe('trailingRule', () => {
  it('reads the stored rule, numbers as decimal strings', () => {
    expect(trailingRule({ type: 'distance', value: 150, activation: '0.01' })).toEqual({
      type: 'distance',
      value: '150',
      activation: '0.01',
    });
    expect(trailingRule({ type: 'percent', value: '0.02' })).toEqual({
      type: 'percent',
      value: '0.02',
      activation: null,
    });
  });

  it('shows none for a missing or malformed rule', () => {
    expect(trailingRule(null)).toBeNull();
    expect(trailingRule({ type: 'atr', value: '2' })).toBeNull();
    expect(trailingRule({ type: 'percent', value: '-1' })).toBeNull();
  });
});
