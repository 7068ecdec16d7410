import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';
import { signalId } from './signal-id.js';
import { loadStrategies } from './strategies/select.js';
import { SymbolAnalyzer } from './symbol-analyzer.js';
import { MINUTE, candleAt } from './test-support/candles.js';

const base = {
  strategy: 'RSI_Strategy',
  paramsKey: canonicalJson({ window: 14, overbought: 70, oversold: 30 }),
  symbol: 'BTC/USDC',
  interval: '1m',
  openTime: 1_677_628_800_000,
};

describe('signal id', () => {
  it('is 32 hex digits, the same for the same inputs', () => {
    expect(signalId(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(signalId({ ...base })).toBe(signalId(base));
  });

  it('does not depend on the order the parameters were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(signalId({ ...base, paramsKey: canonicalJson({ oversold: 30, window: 14, overbought: 70 }) })).toBe(
      signalId(base),
    );
  });

  it.each([
    ['parameters', { paramsKey: canonicalJson({ window: 7, overbought: 70, oversold: 30 }) }],
    ['strategy', { strategy: 'Bollinger_Bands' }],
    ['symbol', { symbol: 'BTC/USDT' }],
    ['interval', { interval: '5m' }],
    ['candle time', { openTime: base.openTime + MINUTE }],
  ])('changes with the %s', (_what, change) => {
    expect(signalId({ ...base, ...change })).not.toBe(signalId(base));
  });

  it('comes out the same when the same candles are analysed again from scratch', () => {
    const closes = [10, 9, 8, 7, 8, 9, 10, 9];
    const run = (env: Record<string, string>) => {
      const analyzer = new SymbolAnalyzer('BTC/USDC', loadStrategies(['RSI_Strategy'], env), MINUTE);
      return closes.flatMap((c, i) => {
        const outcome = analyzer.analyze(candleAt(i, c), 1);
        return outcome.status === 'seen' ? [] : outcome.signals.map((s) => s.id);
      });
    };
    const first = run({ RSI_WINDOW: '2' });
    expect(first).toHaveLength(2);
    expect(run({ RSI_WINDOW: '2' })).toEqual(first);
    const other = run({ RSI_WINDOW: '2', RSI_OVERBOUGHT: '71' });
    expect(other).toHaveLength(2);
    expect(other.some((id) => first.includes(id))).toBe(false);
  });
});
