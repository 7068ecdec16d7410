import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MARKET_DATA_DIR } from '@roottrading/testing';
import { inferIntervalMs, parseCandleFile, parseTime, toDecimalString } from './candle-file.js';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);

describe('CSV candle files', () => {
  it('reads the real file format by header names', () => {
    const text = [
      'open_time,open,high,low,close,volume',
      '2023-03-01 00:00:00+00:00,23143.82,23152.65,23140.02,23152.65,0.26395',
      '2023-03-01 00:01:00+00:00,23152.65,23152.65,23152.65,23152.65,0.0',
      '',
    ].join('\n');
    expect(parseCandleFile('BTCUSDC.csv', text)).toEqual([
      { startTime: T0, open: '23143.82', high: '23152.65', low: '23140.02', close: '23152.65', volume: '0.26395' },
      { startTime: T0 + MIN, open: '23152.65', high: '23152.65', low: '23152.65', close: '23152.65', volume: '0.0' },
    ]);
  });

  it('takes the columns in any order, timestamp/startTime headers and epoch milliseconds', () => {
    const text = `volume,close,low,high,open,timestamp\r\n1,4,3,5,2,${T0}\r\n2,5,4,6,3,${T0 + MIN}\r\n`;
    const rows = parseCandleFile('x.csv', text);
    expect(rows[1]).toEqual({ startTime: T0 + MIN, open: '3', high: '6', low: '4', close: '5', volume: '2' });
    expect(parseCandleFile('y.csv', `startTime,open,high,low,close,volume\n${T0},1,1,1,1,0`)[0]?.startTime).toBe(T0);
  });

  it('reads the real BTC/USDC file: 30,240 one-minute candles', () => {
    const file = join(MARKET_DATA_DIR, 'binanceus_BTCUSDC_1m_2023-03-01_2023-03-21.csv');
    const rows = parseCandleFile(file, readFileSync(file, 'utf8'));
    expect(rows).toHaveLength(30_240);
    expect(rows[0]).toEqual({
      startTime: T0,
      open: '23143.82',
      high: '23152.65',
      low: '23140.02',
      close: '23152.65',
      volume: '0.26395',
    });
    expect(inferIntervalMs(rows.map((r) => r.startTime))).toBe(MIN);
  });

  it.each([
    [
      'a bad number',
      '2023-03-01 00:01:00+00:00,abc,1,1,1,1',
      /bad\.csv: line 3: open "abc" is not a non-negative number/,
    ],
    ['a negative price', '2023-03-01 00:01:00+00:00,1,1,-1,1,1', /bad\.csv: line 3: low "-1"/],
    ['a missing cell', '2023-03-01 00:01:00+00:00,1,1,1', /bad\.csv: line 3: close is missing/],
    ['a bad time', 'yesterday,1,1,1,1,1', /bad\.csv: line 3: time "yesterday" is neither epoch milliseconds nor/],
    ['epoch seconds', '1677628860,1,1,1,1,1', /bad\.csv: line 3: .*looks like epoch seconds/],
    [
      'a time going back',
      '2023-02-28 23:59:00+00:00,1,1,1,1,1',
      /bad\.csv: line 3: time 2023-02-28T23:59:00.000Z is not after/,
    ],
    ['a duplicate time', '2023-03-01 00:00:00+00:00,1,1,1,1,1', /bad\.csv: line 3: .*without duplicates/],
  ])('refuses %s with the file and line number', (_what, row, message) => {
    const text = `open_time,open,high,low,close,volume\n2023-03-01 00:00:00+00:00,1,1,1,1,1\n${row}\n`;
    expect(() => parseCandleFile('bad.csv', text)).toThrow(message);
  });

  it('refuses a header without the needed columns', () => {
    expect(() => parseCandleFile('h.csv', 'date,price\n1,2')).toThrow(/h\.csv: line 1: no open_time/);
    expect(() => parseCandleFile('h.csv', 'open_time,open,high,low\n1,2,3,4')).toThrow(/no close column/);
    expect(() => parseCandleFile('e.csv', '\n\n')).toThrow('e.csv: the file is empty');
  });
});

describe('JSON candle files', () => {
  it('reads objects with the same names and arrays in ccxt order', () => {
    const objects = JSON.stringify([
      { open_time: '2023-03-01T00:00:00Z', open: 1.5, high: '2', low: 1, close: 2, volume: 1e-7 },
    ]);
    expect(parseCandleFile('a.json', objects)).toEqual([
      { startTime: T0, open: '1.5', high: '2', low: '1', close: '2', volume: '0.0000001' },
    ]);
    const arrays = JSON.stringify([[T0, 1, 2, 0.5, 1.5, 10]]);
    expect(parseCandleFile('b.json', arrays)[0]).toEqual({
      startTime: T0,
      open: '1',
      high: '2',
      low: '0.5',
      close: '1.5',
      volume: '10',
    });
  });

  it('refuses bad JSON and bad items, naming the item', () => {
    expect(() => parseCandleFile('c.json', '{')).toThrow(/c\.json: not valid JSON/);
    expect(() => parseCandleFile('c.json', '{}')).toThrow(/c\.json: expected a JSON array/);
    expect(() => parseCandleFile('c.json', JSON.stringify([[T0, 1, 1, 1, 1], { open: 1 }]))).toThrow(
      'c.json: item 2: time is missing',
    );
  });
});

describe('times and numbers', () => {
  it('reads ISO with or without offset (UTC when absent) and epoch ms', () => {
    expect(parseTime('2023-03-01 00:00:00+00:00')).toBe(T0);
    expect(parseTime('2023-03-01T01:00:00+01:00')).toBe(T0);
    expect(parseTime('2023-03-01T00:00:00.000Z')).toBe(T0);
    expect(parseTime('2023-03-01 00:00')).toBe(T0);
    expect(parseTime('2023-03-01')).toBe(T0);
    expect(parseTime(String(T0))).toBe(T0);
  });

  it('writes canonical decimal strings', () => {
    expect(toDecimalString('23152.65')).toBe('23152.65');
    expect(toDecimalString('007.50')).toBe('7.50');
    expect(toDecimalString('.5')).toBe('0.5');
    expect(toDecimalString('5.')).toBe('5');
    expect(toDecimalString('1e-5')).toBe('0.00001');
    expect(toDecimalString('-1')).toBeUndefined();
    expect(toDecimalString('NaN')).toBeUndefined();
  });
});

describe('interval inference', () => {
  it('takes the most common gap, ignoring holes in the data', () => {
    expect(inferIntervalMs([0, MIN, 2 * MIN, 5 * MIN, 6 * MIN])).toBe(MIN);
    expect(inferIntervalMs([0, 5 * MIN, 10 * MIN])).toBe(5 * MIN);
  });

  it('breaks a tie with the smaller gap and needs two candles', () => {
    expect(inferIntervalMs([0, 2 * MIN, 3 * MIN])).toBe(MIN);
    expect(inferIntervalMs([0])).toBeUndefined();
  });
});
