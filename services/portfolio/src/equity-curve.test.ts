import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { buildEquityCurve, downsampleIndices, drawdown } from './equity-curve.js';

const series = (...values: string[]) => values.map(dec);
const at = (minute: number) => new Date(Date.UTC(2023, 2, 1, 0, minute));

describe('drawdown', () => {
  it('finds the largest fall from a running peak: 100, 120, 90, 130, 117', () => {
    // Falls: 120 → 90 = 30 (0.25 of 120); 130 → 117 = 13 (0.1 of 130). Peak of all: 130.
    const dd = drawdown(series('100', '120', '90', '130', '117'))!;
    expect(dd.peak.toFixed()).toBe('130');
    expect(dd.fraction.toFixed()).toBe('0.25');
    expect(dd.amount.toFixed()).toBe('30');
    expect([dd.peakIndex, dd.troughIndex, dd.highIndex, dd.lowIndex]).toEqual([1, 2, 3, 2]);
  });

  it('gives the fraction and amount of the same fall when the largest amount is a smaller fraction', () => {
    // 50 → 40 = 10 (0.2); 200 → 170 = 30 (0.15): the 20 % fall is the max drawdown, 10 in the currency.
    const dd = drawdown(series('50', '40', '200', '170'))!;
    expect(dd.fraction.toFixed()).toBe('0.2');
    expect(dd.amount.toFixed()).toBe('10');
  });

  it('is zero for a series that never falls, and null for no series', () => {
    const dd = drawdown(series('1', '1', '2'))!;
    expect(dd.fraction.toFixed()).toBe('0');
    expect(dd.amount.toFixed()).toBe('0');
    expect(drawdown([])).toBeNull();
  });

  it('keeps exact decimals', () => {
    // 10000.03 → 9999.99: 0.04 / 10000.03
    const dd = drawdown(series('10000.03', '9999.99'))!;
    expect(dd.amount.toFixed()).toBe('0.04');
    expect(dd.fraction.eq(dec('0.04').div('10000.03'))).toBe(true);
  });
});

describe('downsampleIndices', () => {
  it('keeps everything that fits', () => {
    expect(downsampleIndices(3, 5, [2, 0])).toEqual([0, 1, 2]);
  });

  it('keeps the listed indices first, then spreads the rest evenly', () => {
    // 10 points, 4 slots, keep last and first: the 8 others (1..8) in 2 runs of 4, middles 3 and 7.
    expect(downsampleIndices(10, 4, [9, 0])).toEqual([0, 3, 7, 9]);
    // 101 points, 5 slots, keep last and first: 99 others (1..99) in 3 runs of 33, picks at 16.5, 49.5, 82.5.
    expect(downsampleIndices(101, 5, [100, 0])).toEqual([0, 17, 50, 83, 100]);
  });

  it('keeps only as many listed indices as fit, most important first', () => {
    expect(downsampleIndices(10, 1, [9, 0, 4])).toEqual([9]);
    expect(downsampleIndices(10, 2, [9, 0, 4])).toEqual([0, 9]);
    expect(downsampleIndices(10, 3, [9, 0, 4, 4])).toEqual([0, 4, 9]);
  });
});

describe('buildEquityCurve', () => {
  const samples = ['100', '120', '90', '130', '117'].map((value, i) => ({ time: at(i), value }));

  it('returns every point and the drawdown when they fit', () => {
    expect(buildEquityCurve(samples, 500)).toEqual({
      points: samples.map((s) => ({ time: s.time.toISOString(), value: s.value })),
      peak: '130',
      maxDrawdown: '0.25',
      maxDrawdownValue: '30',
    });
  });

  it('downsamples to the last, first, trough and peak, and keeps the drawdown of all points', () => {
    const curve = buildEquityCurve(samples, 4);
    // Last (117), first (100), the trough (90) and the peak before it (120); 130 does not fit.
    expect(curve.points.map((p) => p.value)).toEqual(['100', '120', '90', '117']);
    expect(curve.maxDrawdown).toBe('0.25');
    const two = buildEquityCurve(samples, 2);
    expect(two.points.map((p) => p.value)).toEqual(['100', '117']);
    expect(two).toMatchObject({ peak: '130', maxDrawdown: '0.25', maxDrawdownValue: '30' });
  });

  it('is empty without samples', () => {
    expect(buildEquityCurve([], 10)).toEqual({ points: [], peak: null, maxDrawdown: null, maxDrawdownValue: null });
  });
});
