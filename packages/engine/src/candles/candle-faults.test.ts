import { describe, expect, it } from '@jest/globals';
import { candleFault, type CheckedCandle } from './candle-faults.js';
import { compareDecimalText, compareOf, plainDouble, signOf, signOfDecimalText } from './decimal-text.js';

const MIN = 60_000;
const T = Date.parse('2024-01-01T12:00:00Z');
const candle = (o: Partial<CheckedCandle> = {}): CheckedCandle => ({
  symbol: 'BTC/USDC',
  startTime: T,
  closeTime: T + MIN - 1,
  open: '100',
  high: '102',
  low: '99',
  close: '101',
  volume: '3.5',
  ...o,
});

describe('candleFault', () => {
  it('accepts a sound candle, a flat one and zero volume', () => {
    expect(candleFault(candle(), MIN)).toBeNull();
    expect(candleFault(candle({ open: '5', high: '5.0', low: '5.00', close: '5', volume: '0' }), MIN)).toBeNull();
  });

  it('names the price that is out of order', () => {
    expect(candleFault(candle({ high: '100' }), MIN)).toBe('high 100 below close 101');
    expect(candleFault(candle({ high: '99.5', low: '99' }), MIN)).toBe('high 99.5 below open 100');
    expect(candleFault(candle({ low: '100.01' }), MIN)).toBe('low 100.01 above open 100');
    expect(candleFault(candle({ open: '102', low: '101.5' }), MIN)).toBe('low 101.5 above close 101');
  });

  it('refuses prices at or below zero and a negative volume', () => {
    expect(candleFault(candle({ low: '-1' }), MIN)).toBe('low -1 is not a positive price');
    expect(candleFault(candle({ open: '0.000' }), MIN)).toBe('open 0.000 is not a positive price');
    expect(candleFault(candle({ volume: '-0.1' }), MIN)).toBe('volume -0.1 is negative');
  });

  it('refuses an open time off the grid and a close that is not one interval on', () => {
    expect(candleFault(candle({ startTime: T + 30_000, closeTime: T + 90_000 - 1 }), MIN)).toBe(
      'open time 2024-01-01T12:00:30.000Z not aligned to 1m',
    );
    expect(candleFault(candle({ closeTime: T + MIN }), MIN)).toBe(
      'close time 2024-01-01T12:01:00.000Z is not one 1m after the open 2024-01-01T12:00:00.000Z',
    );
  });

  it('weekly candles open on Mondays', () => {
    const week = 7 * 86_400_000;
    const monday = Date.parse('2024-01-01T00:00:00Z');
    expect(candleFault(candle({ startTime: monday, closeTime: monday + week - 1 }), week)).toBeNull();
    const thursday = Date.parse('2024-01-04T00:00:00Z');
    expect(candleFault(candle({ startTime: thursday, closeTime: thursday + week - 1 }), week)).toMatch(
      /not aligned to 1w/,
    );
  });

  it('refuses a candle that closes after the clock it is checked on, and only with one', () => {
    expect(candleFault(candle(), MIN, T + MIN - 1)).toBeNull();
    expect(candleFault(candle(), MIN, T + MIN - 2)).toBe(
      'open time 2024-01-01T12:00:00.000Z in the future: the candle closes after 2024-01-01T12:00:59.998Z',
    );
    const y2100 = Date.parse('2100-01-01T00:00:00Z');
    expect(candleFault(candle({ startTime: y2100, closeTime: y2100 + MIN - 1 }), MIN, 'market')).toBeNull();
  });
});

describe('decimal text', () => {
  it('orders exactly, whatever the trailing and leading zeros', () => {
    expect(compareDecimalText('1.10', '1.1')).toBe(0);
    expect(compareDecimalText('10', '9.99999999999999999999')).toBe(1);
    expect(compareDecimalText('0.1', '0.09')).toBe(1);
    expect(compareDecimalText('-2', '-1')).toBe(-1);
    expect(compareDecimalText('-0', '0.0')).toBe(0);
    expect(compareDecimalText('23152.650000000000000001', '23152.65')).toBe(1);
  });

  it('signs', () => {
    expect(signOfDecimalText('-0.000')).toBe(0);
    expect(signOfDecimalText('0.0001')).toBe(1);
    expect(signOfDecimalText('-0.0001')).toBe(-1);
  });

  it('reads the same texts as the exact comparisons, and refuses the same others', () => {
    for (const text of ['0', '-0', '007.50', '23152.65', '-1.5']) expect(plainDouble(text)).toBe(Number(text));
    for (const text of ['', '-', '1.', '.5', '1e5', ' 1', '1 ', '--1', '1.2.3', '+1', '0x10', 'Infinity']) {
      expect(() => plainDouble(text)).toThrow(/not a plain decimal/);
      expect(() => signOfDecimalText(text)).toThrow(/not a plain decimal/);
    }
  });

  it('decides ties of the doubles exactly', () => {
    const tiny = '0.' + '0'.repeat(400) + '1';
    expect(plainDouble(tiny)).toBe(0);
    expect(signOf(tiny, plainDouble(tiny))).toBe(1);
    const a = '23152.650000000000000001';
    expect(compareOf(a, plainDouble(a), '23152.65', plainDouble('23152.65'))).toBe(1);
    expect(compareOf('1.10', 1.1, '1.1', 1.1)).toBe(0);
    expect(compareOf('0.1', 0.1, '0.09', 0.09)).toBe(1);
  });
});
