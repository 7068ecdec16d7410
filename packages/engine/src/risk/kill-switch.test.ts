import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { observeEquity, utcDay, type EquityMark } from './kill-switch.js';

const limits = { dailyLossPct: dec('5'), maxDrawdownPct: dec('20') };
const day = (d: number, h = 12) => Date.UTC(2023, 2, d, h);

/** Feeds readings (candle day, equity) through and returns the marks and breaches. */
function run(readings: [number, string][], l = limits) {
  let mark: EquityMark | undefined;
  const breaches: (string | null)[] = [];
  for (const [t, equity] of readings) {
    const seen = observeEquity('USDC', mark, dec(equity), utcDay(t), l);
    mark = seen.mark;
    breaches.push(seen.breach);
  }
  return { mark: mark!, breaches };
}

describe('equity marks and the kill switch', () => {
  it('starts the first day at the first reading and keeps the peak', () => {
    const { mark } = run([
      [day(1), '10000'],
      [day(1, 13), '10300'],
      [day(1, 14), '10100'],
    ]);
    expect({ peak: toPlain(mark.peak), day: mark.day, dayStart: toPlain(mark.dayStart) }).toEqual({
      peak: '10300',
      day: '2023-03-01',
      dayStart: '10000',
    });
  });

  it('starts each UTC day of CANDLE time from the equity the previous day ended at', () => {
    const { mark } = run([
      [day(1, 10), '10000'],
      [day(1, 23), '10200'],
      [day(2, 0), '10150'], // first candle of 2 March: the day started at 10200
    ]);
    expect({ day: mark.day, dayStart: toPlain(mark.dayStart) }).toEqual({ day: '2023-03-02', dayStart: '10200' });
  });

  it('trips on a daily loss reaching DAILY_LOSS_LIMIT_PCT of the day start', () => {
    const { breaches } = run([
      [day(1, 0), '10000'],
      [day(1, 5), '9501'], // −4.99 %
      [day(1, 6), '9500'], // −5 %: reached
    ]);
    expect(breaches.slice(0, 2)).toEqual([null, null]);
    expect(breaches[2]).toBe(
      'daily loss of 5% in USDC on 2023-03-01 (from 10000 to 9500) reached DAILY_LOSS_LIMIT_PCT 5',
    );
  });

  it('gives a new day a new window: losses of earlier days do not count against it', () => {
    const { breaches } = run([
      [day(1, 0), '10000'],
      [day(1, 23), '9600'], // −4 % on day 1
      [day(2, 1), '9200'], // −4.17 % on day 2 (from 9600), −8 % overall
    ]);
    expect(breaches).toEqual([null, null, null]);
  });

  it('trips on a drawdown reaching MAX_DRAWDOWN_PCT of the peak, across days', () => {
    const l = { dailyLossPct: dec('5'), maxDrawdownPct: dec('10') };
    const { breaches } = run(
      [
        [day(1), '10000'],
        [day(1, 13), '12000'], // peak
        [day(2), '11500'],
        [day(3), '11000'],
        [day(4), '10800'], // −10 % from 12000
      ],
      l,
    );
    expect(breaches.slice(0, 4)).toEqual([null, null, null, null]);
    expect(breaches[4]).toBe('drawdown of 10% in USDC (from the peak 12000 to 10800) reached MAX_DRAWDOWN_PCT 10');
  });

  it('does nothing with both limits at 0', () => {
    const off = { dailyLossPct: dec(0), maxDrawdownPct: dec(0) };
    expect(
      run(
        [
          [day(1), '10000'],
          [day(1, 13), '1'],
        ],
        off,
      ).breaches,
    ).toEqual([null, null]);
  });
});
