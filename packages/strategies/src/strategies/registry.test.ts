import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { barsFrom, noView } from '../test-support/candles.js';
import { defaultStrategyNames, strategyRegistry } from './registry.js';
import { loadStrategies, resolveStrategyNames } from './select.js';
import { strategySettingNames } from './setting-names.js';
import { defineStrategy } from './types.js';
import { isSymbolDefinition } from './multi-symbol-types.js';
import { loadSymbolStrategies } from '../test-support/load.js';
import { configErrorOf } from '../test-support/config-error.js';

describe('strategy registry', () => {
  it('lists the strategies in order, with unique names', () => {
    expect(strategyRegistry.map((d) => d.name)).toEqual([
      'RSI_Strategy',
      'SimpleMA_Cross',
      'Bollinger_Bands',
      'EMA_Cross',
      'MACD_Trend',
      'Donchian_Breakout',
      'Supertrend',
      'RSI_Divergence',
      'Volume_Spike',
      'VWAP_Reversion',
      'Range_Breakout',
      'Pair_Rotation',
      'Cross_Pair_Swing',
    ]);
  });

  it('runs the first three when STRATEGIES is not set, so a new strategy changes no default run', () => {
    expect(defaultStrategyNames).toEqual(['RSI_Strategy', 'SimpleMA_Cross', 'Bollinger_Bands']);
  });

  it('gives each strategy its own protection prefix (RSI_STOP_LOSS, MA_…, BB_…)', () => {
    const prefixes = strategyRegistry.map((d) => d.protectionPrefix);
    expect(prefixes).toEqual([
      'RSI',
      'MA',
      'BB',
      'EMA',
      'MACD',
      'DONCHIAN',
      'SUPERTREND',
      'RSI_DIV',
      'VOLUME_SPIKE',
      'VWAP',
      'RANGE',
      'ROTATION',
      'CROSS_SWING',
    ]);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('gives every strategy usable defaults from an empty environment', () => {
    for (const d of strategyRegistry.filter(isSymbolDefinition)) {
      const params = d.paramsSchema.parse({});
      expect(d.warmupCandles(params)).toBeGreaterThan(1);
      expect(d.create(params).update(barsFrom([1])[0]!, noView)).toBeNull();
    }
  });
});

describe('multi-symbol strategy settings', () => {
  it('the multi-symbol strategies’ variables are settings a stored backtest may override', () => {
    const names = strategySettingNames();
    for (const n of ['ROTATION_LOOKBACK_DAYS', 'ROTATION_SYMBOLS', 'CROSS_SWING_TARGET', 'CROSS_SWING_FLAT_PCT']) {
      expect(names).toContain(n);
    }
    expect(names).toContain('ROTATION_STOP_LOSS');
  });
});

describe('STRATEGIES selection', () => {
  it('keeps the given order, ignores case, spaces and repeats', () => {
    expect(resolveStrategyNames(' bollinger_bands, RSI_Strategy,,rsi_strategy ')).toEqual([
      'Bollinger_Bands',
      'RSI_Strategy',
    ]);
  });
});

describe('strategy parameters', () => {
  it('are read from each strategy’s own variables', () => {
    const loaded = loadStrategies(['SimpleMA_Cross', 'RSI_Strategy'], { SHORT_WINDOW: '5', RSI_OVERSOLD: '25' });
    expect(loaded.map((s) => [s.name, s.params])).toEqual([
      ['SimpleMA_Cross', { shortWindow: 5, longWindow: 30 }],
      ['RSI_Strategy', { window: 14, overbought: 70, oversold: 25 }],
    ]);
    expect(loaded[1]!.paramsKey).toBe('{"overbought":70,"oversold":25,"window":14}');
  });

  it('stop the service with one line naming a bad variable', () => {
    const message = configErrorOf(() => loadStrategies(['RSI_Strategy'], { RSI_WINDOW: 'abc' }));
    expect(message).toBe('config: RSI_WINDOW must be a whole number from 2 to 1000 (got "abc")');
  });

  it('report every bad variable of every enabled strategy on the same line', () => {
    const message = configErrorOf(() =>
      loadStrategies(['RSI_Strategy', 'SimpleMA_Cross', 'Bollinger_Bands'], {
        RSI_WINDOW: '1',
        SHORT_WINDOW: '40',
        BB_STD: '-1',
      }),
    );
    expect(message).toMatch(/^config: RSI_WINDOW .*; SHORT_WINDOW must be smaller than LONG_WINDOW .*; BB_STD /);
    expect(message).not.toContain('\n');
  });

  it('ignore the variables of strategies that are not enabled', () => {
    expect(loadStrategies(['Bollinger_Bands'], { RSI_WINDOW: 'abc' })).toHaveLength(1);
  });
});

describe('a new strategy plugin', () => {
  it('needs only its definition in the registry', () => {
    const alwaysBuy = defineStrategy({
      name: 'Always_Buy',
      description: 'test plugin',
      paramsSchema: z.object({ EVERY: z.coerce.number().default(2) }).transform((e) => ({ every: e.EVERY })),
      warmupCandles: (p) => p.every,
      create: (p) => {
        let n = 0;
        return { update: () => (++n % p.every === 0 ? 'BUY' : null), metadata: () => ({ n, ...p }) };
      },
    });
    const registry = [...strategyRegistry, alwaysBuy];
    expect(resolveStrategyNames('always_buy', registry)).toEqual(['Always_Buy']);
    const [loaded] = loadSymbolStrategies(['Always_Buy'], { EVERY: '3' }, registry);
    const machine = loaded!.create();
    expect(barsFrom([1, 2, 3]).map((b) => machine.update(b, noView))).toEqual([null, null, 'BUY']);
  });
});
