import { describe, expect, it } from '@jest/globals';
import { ExchangeDataError } from './errors.js';
import { checkPage, type PageBounds } from './validate.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const bounds: PageBounds = {
  symbol: 'BTC/USDC',
  interval: '1m',
  intervalMs: MIN,
  since: T0,
  until: T0 + 10 * MIN,
  after: undefined,
};
const row = (i: number, o = 100, h = 110, l = 90, c = 105, v = 1.5): unknown[] => [T0 + i * MIN, o, h, l, c, v];

function problem(rows: unknown[], b: Partial<PageBounds> = {}): string {
  try {
    checkPage(rows, { ...bounds, ...b });
  } catch (err) {
    expect(err).toBeInstanceOf(ExchangeDataError);
    return (err as Error).message;
  }
  throw new Error('the page was accepted');
}

describe('checking an exchange page', () => {
  it('keeps good rows as exact decimal strings', () => {
    expect(checkPage([row(0, 30000.12, 30001, 29999.5, 30000.12, 1.23e-7), row(1)], bounds)).toEqual([
      { t: T0, open: '30000.12', high: '30001', low: '29999.5', close: '30000.12', volume: '0.000000123' },
      { t: T0 + MIN, open: '100', high: '110', low: '90', close: '105', volume: '1.5' },
    ]);
  });

  it('refuses a bad row, naming the symbol, the time and what is wrong', () => {
    const at = 'BTC/USDC 1m candle 2024-01-01T00:01:00Z';
    expect(problem([row(0), row(1, 100, 99)])).toBe(`${at}: high 99 is below the open 100`);
    expect(problem([row(1, 100, 104, 90, 105)])).toBe(`${at}: high 104 is below the close 105`);
    expect(problem([row(1, 100, 110, 101)])).toBe(`${at}: low 101 is above the open 100`);
    expect(problem([row(1, 100, 110, 0, 105)])).toBe(`${at}: low 0 is not above zero`);
    expect(problem([row(1, 100, 110, 90, 105, -1)])).toBe(`${at}: volume -1 is negative`);
    expect(problem([row(1, Number.NaN)])).toBe(`${at}: open is not a finite number (got NaN)`);
    expect(problem([row(1, 100, 110, 90, 105, Infinity)])).toBe(`${at}: volume is not a finite number (got Infinity)`);
    expect(problem([[T0 + MIN + 30_000, 1, 1, 1, 1, 1]])).toBe(
      'BTC/USDC 1m candle 2024-01-01T00:01:30Z: the open time is not on a 1m boundary',
    );
    expect(problem([row(12)])).toBe(
      'BTC/USDC 1m candle 2024-01-01T00:12:00Z: the open time is outside the range asked for, 2024-01-01T00:00:00Z to 2024-01-01T00:10:00Z',
    );
    expect(problem([row(2), row(1)])).toBe(
      `${at}: the open time is not after the previous candle's 2024-01-01T00:02:00Z`,
    );
    expect(problem([row(1)], { after: T0 + MIN })).toMatch(/not after the previous candle's 2024-01-01T00:01:00Z$/);
    expect(problem([[T0, 1, 1, 1]])).toMatch(/^BTC\/USDC 1m candle \?: not an \[open time/);
    expect(problem([['x', 1, 1, 1, 1, 1]])).toBe('BTC/USDC 1m candle x: the open time is not whole milliseconds');
  });
});
