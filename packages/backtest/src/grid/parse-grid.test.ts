import { describe, expect, it } from '@jest/globals';
import { combinations, parseGrid } from './parse-grid.js';

describe('--grid', () => {
  it('reads ranges (inclusive, in whole steps of their finest decimal) and lists', () => {
    expect(parseGrid('RSI_WINDOW=10..20:5, RSI_OVERSOLD=25|30')).toEqual([
      { name: 'RSI_WINDOW', values: ['10', '15', '20'] },
      { name: 'RSI_OVERSOLD', values: ['25', '30'] },
    ]);
    expect(parseGrid('BB_STD=1.5..2.1:0.2')[0]!.values).toEqual(['1.5', '1.7', '1.9', '2.1']);
    expect(parseGrid('FEE_RATE=0.0005..0.001:0.00025')[0]!.values).toEqual(['0.00050', '0.00075', '0.00100']);
    expect(parseGrid('STOP_LOSS=1%|2%|1%')[0]!.values).toEqual(['1%', '2%']);
    expect(parseGrid('SHORT_WINDOW=3..4')[0]!.values).toEqual(['3', '4']);
  });

  it('makes every combination, the first axis slowest', () => {
    expect(combinations(parseGrid('RSI_WINDOW=10|20,RSI_OVERSOLD=25|30'))).toEqual([
      { RSI_WINDOW: '10', RSI_OVERSOLD: '25' },
      { RSI_WINDOW: '10', RSI_OVERSOLD: '30' },
      { RSI_WINDOW: '20', RSI_OVERSOLD: '25' },
      { RSI_WINDOW: '20', RSI_OVERSOLD: '30' },
    ]);
  });

  it.each([
    ['RSI_WINDOWS=10..20', /RSI_WINDOWS is not a setting a backtest can vary; these can: .*RSI_WINDOW/],
    ['DATABASE_URL=a|b', /DATABASE_URL is not a setting/],
    ['RSI_WINDOW', /"RSI_WINDOW" is not NAME=from..to\[:step\] or NAME=a\|b\|c/],
    ['RSI_WINDOW=20..10', /must not run backwards/],
    ['RSI_WINDOW=10..20:0', /the step must be above 0/],
    ['RSI_WINDOW=a..b', /is not a range like 10..20/],
    ['RSI_WINDOW=10|', /has an empty value/],
    ['RSI_WINDOW=1|2,RSI_WINDOW=3', /RSI_WINDOW is given twice/],
    ['RSI_WINDOW=1..10000,RSI_OVERSOLD=1..2', /20000 combinations; at most 10000/],
    ['', /name at least one variable/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseGrid(spec)).toThrow(message);
  });
});
