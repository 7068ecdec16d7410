import { describe, expect, it } from '@jest/globals';
import { alignDown, alignUp, GapLog, holesBetween } from './ranges.js';

const MIN = 60_000;

describe('download ranges', () => {
  it('aligns to interval boundaries, weeks on Mondays', () => {
    expect(alignUp(90_000, MIN)).toBe(2 * MIN);
    expect(alignUp(2 * MIN, MIN)).toBe(2 * MIN);
    expect(alignDown(90_000, MIN)).toBe(MIN);
    const week = 7 * 86_400_000;
    const monday = Date.UTC(2024, 0, 1);
    expect(alignDown(Date.UTC(2024, 0, 3, 12), week)).toBe(monday);
    expect(alignUp(Date.UTC(2023, 11, 30), week)).toBe(monday);
  });

  it('finds what is not stored: before, between and after the stored runs', () => {
    expect(holesBetween([], 0, 10 * MIN, MIN)).toEqual([
      { from: 0, to: 10 * MIN, storedBefore: false, storedAfter: false },
    ]);
    expect(
      holesBetween(
        [
          { first: 2 * MIN, last: 3 * MIN },
          { first: 6 * MIN, last: 9 * MIN },
        ],
        0,
        10 * MIN,
        MIN,
      ),
    ).toEqual([
      { from: 0, to: 2 * MIN, storedBefore: false, storedAfter: true },
      { from: 4 * MIN, to: 6 * MIN, storedBefore: true, storedAfter: true },
    ]);
    expect(holesBetween([{ first: 0, last: 4 * MIN }], 0, 5 * MIN, MIN)).toEqual([]);
  });

  it('logs gaps between candles more than one interval apart, and describes the first few', () => {
    const log = new GapLog(MIN);
    log.between(0, MIN);
    expect(log.describe()).toBe('none');
    log.between(MIN, 5 * MIN);
    log.between(5 * MIN, 7 * MIN);
    expect(log.gaps).toEqual([
      { first: 2 * MIN, last: 4 * MIN, candles: 3 },
      { first: 6 * MIN, last: 6 * MIN, candles: 1 },
    ]);
    expect(log.describe(1)).toBe('2 (4 candles missing): 1970-01-01T00:02:00Z–1970-01-01T00:04:00Z, and 1 more');
  });
});
