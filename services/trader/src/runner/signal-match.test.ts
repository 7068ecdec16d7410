import { describe, expect, it } from '@jest/globals';
import type { Signal } from '@roottrading/contracts';
import type { SignalRow } from '@roottrading/db';
import { signalMismatch } from './signal-match.js';

const T = Date.UTC(2023, 2, 17, 12, 0);
const signal: Signal = {
  id: 'sig-match-1',
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDT',
  interval: '1m',
  side: 'BUY',
  timestamp: T,
  price: '28110.5',
  metadata: { rsi: 28.5, window: 14 },
  createdAt: T + 60_000,
  stopLoss: '27548.8',
  trailingStop: { type: 'percent', value: '0.015' },
};
/** The row as PostgreSQL gives it back: NUMERIC with 18 decimals, jsonb keys in its own order. */
const row: SignalRow = {
  id: 'sig-match-1',
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDT',
  interval: '1m',
  side: 'BUY',
  candle_time: new Date(T),
  price: '28110.500000000000000000',
  metadata: { window: 14, rsi: 28.5 },
  emitted_at: new Date(T + 60_000),
  created_at: new Date(T + 60_001),
  stop_loss: '27548.800000000000000000',
  take_profit: null,
  trailing_stop: { type: 'percent', value: '0.015', activation: null },
  partial_take_profit: null,
  time_stop: null,
};

describe('signalMismatch', () => {
  it('finds none when the row holds what the entry carries, whatever the zeros and key order', () => {
    expect(signalMismatch(signal, row)).toBeNull();
  });

  it('says when there is no row', () => {
    expect(signalMismatch(signal, undefined)).toBe('no stored signal has this id');
  });

  it('names every field that differs, with both values', () => {
    const forged = { ...signal, side: 'SELL' as const, price: '6003', takeProfit: '30000' };
    expect(signalMismatch(forged, row)).toBe(
      'side (entry SELL, stored BUY); price (entry 6003, stored 28110.500000000000000000); takeProfit (entry 30000, stored none)',
    );
  });

  it('tells a protection taken away from one given', () => {
    const { stopLoss: _dropped, ...withoutStop } = signal;
    expect(signalMismatch(withoutStop, row)).toBe('stopLoss (entry none, stored 27548.800000000000000000)');
  });

  it('compares metadata key by key', () => {
    expect(signalMismatch({ ...signal, metadata: { rsi: 28.5 } }, row)).toMatch(/^metadata /);
    expect(signalMismatch({ ...signal, metadata: { rsi: '28.5', window: 14 } }, row)).toMatch(/^metadata /);
    expect(signalMismatch({ ...signal, metadata: { rsi: 28.5, window: 14, extra: null } }, row)).toMatch(/^metadata /);
  });

  it('compares the trailing stop by type and value', () => {
    expect(signalMismatch({ ...signal, trailingStop: { type: 'distance', value: '0.015' } }, row)).toMatch(
      /^trailingStop /,
    );
    expect(signalMismatch({ ...signal, trailingStop: { type: 'percent', value: '0.15' } }, row)).toMatch(
      /^trailingStop /,
    );
    expect(
      signalMismatch({ ...signal, trailingStop: { type: 'percent', value: '0.015', activation: '0.01' } }, row),
    ).toMatch(/^trailingStop /);
  });

  it('compares the partial take-profit by value and the time stop exactly', () => {
    const partialTakeProfit = { price: '29516', fraction: '0.5' };
    const stored = {
      ...row,
      partial_take_profit: { price: '29516.000000000000000000', fraction: '0.50' },
      time_stop: 30,
    };
    expect(signalMismatch({ ...signal, partialTakeProfit, timeStop: 30 }, stored)).toBeNull();
    expect(signalMismatch({ ...signal, partialTakeProfit, timeStop: 30 }, row)).toMatch(
      /^partialTakeProfit .*; timeStop /,
    );
    expect(
      signalMismatch({ ...signal, partialTakeProfit: { price: '29516', fraction: '0.25' }, timeStop: 30 }, stored),
    ).toMatch(/^partialTakeProfit /);
    expect(signalMismatch({ ...signal, partialTakeProfit, timeStop: 31 }, stored)).toMatch(/^timeStop /);
  });

  it('refuses, rather than throws on, a stored price that is not a number', () => {
    expect(signalMismatch(signal, { ...row, trailing_stop: { type: 'percent', value: 'abc' } })).toMatch(
      /^trailingStop /,
    );
  });
});
