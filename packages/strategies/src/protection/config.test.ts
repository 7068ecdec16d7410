import { describe, expect, it } from '@jest/globals';
import { parseEnv } from '@roottrading/config';
import { loadStrategies } from '../strategies/select.js';
import { protectionDefaultsSchema, protectionIdentity, protectionView } from './config.js';
import { parseRule, STOP_LIMITS, TARGET_LIMITS, ACTIVATION_LIMITS } from './rules.js';
import { configErrorOf } from '../test-support/config-error.js';

const ALL = ['RSI_Strategy', 'SimpleMA_Cross', 'Bollinger_Bands'];
const byName = (env: Record<string, string>) =>
  Object.fromEntries(loadStrategies(ALL, env).map((s) => [s.name, protectionView(s.protection)]));

describe('protection rules', () => {
  it('read a percentage or an ATR multiple, normalising the number', () => {
    expect(parseRule('2%', STOP_LIMITS, true)).toEqual({ kind: 'percent', value: '2' });
    expect(parseRule(' 2.50 % ', STOP_LIMITS, true)).toEqual({ kind: 'percent', value: '2.5' });
    expect(parseRule('1.5atr', STOP_LIMITS, true)).toEqual({ kind: 'atr', value: '1.5' });
    expect(parseRule('0.75 ATR', TARGET_LIMITS, true)).toEqual({ kind: 'atr', value: '0.75' });
  });

  it('treat empty as none for a default, as inherit for a strategy, and none/off as none', () => {
    expect(parseRule('', STOP_LIMITS, true)).toBeNull();
    expect(parseRule(undefined, STOP_LIMITS, true)).toBeNull();
    expect(parseRule('', STOP_LIMITS, false)).toBeUndefined();
    expect(parseRule(undefined, STOP_LIMITS, false)).toBeUndefined();
    expect(parseRule('None', STOP_LIMITS, false)).toBeNull();
    expect(parseRule('off', STOP_LIMITS, true)).toBeNull();
  });

  it('refuse what is not a rule, or out of range', () => {
    expect(parseRule('abc', STOP_LIMITS, true)).toEqual({ error: expect.stringContaining('percentage like 2%') });
    expect(parseRule('2', STOP_LIMITS, true)).toHaveProperty('error');
    expect(parseRule('-2%', STOP_LIMITS, true)).toHaveProperty('error');
    expect(parseRule('0%', STOP_LIMITS, true)).toEqual({ error: 'must be a percentage above 0% and below 100%' });
    expect(parseRule('100%', STOP_LIMITS, true)).toHaveProperty('error');
    expect(parseRule('100%', TARGET_LIMITS, true)).toEqual({ kind: 'percent', value: '100' });
    expect(parseRule('0atr', STOP_LIMITS, true)).toEqual({ error: 'must be an ATR multiple above 0 and at most 100' });
    expect(parseRule('1atr', ACTIVATION_LIMITS, true)).toEqual({ error: 'must be a percentage gain like 1%' });
  });
});

describe('protection config', () => {
  it('is off by default: no stops, ATR_WINDOW 14, signal ids as before', () => {
    const defaults = parseEnv(protectionDefaultsSchema, {});
    expect(protectionView(defaults)).toEqual({
      stopLoss: null,
      takeProfit: null,
      trailingStop: null,
      trailingActivation: null,
      partialTakeProfit: null,
      timeStop: null,
      atrWindow: 14,
      swingStrength: 2,
    });
    expect(protectionIdentity(defaults)).toBeUndefined();
    const [rsi] = loadStrategies(['RSI_Strategy'], {});
    expect(rsi!.paramsKey).toBe('{"overbought":70,"oversold":30,"window":14}');
    expect(rsi!.warmupCandles).toBe(142);
  });

  it('applies the global defaults to every strategy and each prefix to its own strategy only', () => {
    const views = byName({
      STOP_LOSS: '2%',
      TAKE_PROFIT: '3%',
      RSI_STOP_LOSS: '1.5atr',
      MA_TAKE_PROFIT: 'none',
      BB_TRAILING_STOP: '1%',
      TRAILING_ACTIVATION: '0.5%',
      ATR_WINDOW: '20',
    });
    expect(views.RSI_Strategy).toMatchObject({ stopLoss: '1.5atr', takeProfit: '3%', trailingStop: null });
    expect(views.SimpleMA_Cross).toMatchObject({ stopLoss: '2%', takeProfit: null, trailingStop: null });
    expect(views.Bollinger_Bands).toMatchObject({
      stopLoss: '2%',
      takeProfit: '3%',
      trailingStop: '1%',
      trailingActivation: '0.5%',
      atrWindow: 20,
    });
    // An activation without a trailing stop is dropped (it would mean nothing).
    expect(views.RSI_Strategy!.trailingActivation).toBeNull();
  });

  it('lets an empty strategy variable inherit the default, and "none" switch it off', () => {
    const views = byName({ STOP_LOSS: '2%', RSI_STOP_LOSS: '', MA_STOP_LOSS: 'none' });
    expect(views.RSI_Strategy!.stopLoss).toBe('2%');
    expect(views.SimpleMA_Cross!.stopLoss).toBeNull();
  });

  it('makes the protection part of the signal identity, ATR_WINDOW only with an ATR rule', () => {
    const key = (env: Record<string, string>) => loadStrategies(['RSI_Strategy'], env)[0]!.paramsKey;
    expect(key({ RSI_STOP_LOSS: '2%' })).toBe(
      '{"overbought":70,"oversold":30,"protection":{"stopLoss":"2%"},"window":14}',
    );
    expect(key({ RSI_STOP_LOSS: '2.0 %' })).toBe(key({ STOP_LOSS: '2%' }));
    expect(key({ RSI_STOP_LOSS: '2%', ATR_WINDOW: '20' })).toBe(key({ RSI_STOP_LOSS: '2%' }));
    expect(key({ RSI_STOP_LOSS: '2atr', ATR_WINDOW: '20' })).not.toBe(key({ RSI_STOP_LOSS: '2atr' }));
    expect(key({ RSI_STOP_LOSS: '2%', TAKE_PROFIT: '4%' })).not.toBe(key({ RSI_STOP_LOSS: '2%' }));
  });

  it('warms up long enough for the ATR when a strategy is protected', () => {
    const [ma] = loadStrategies(['SimpleMA_Cross'], { MA_STOP_LOSS: '2atr', ATR_WINDOW: '14' });
    expect(ma!.warmupCandles).toBe(142);
  });

  it('stops the service with one line naming a bad variable', () => {
    expect(configErrorOf(() => loadStrategies(['RSI_Strategy'], { RSI_STOP_LOSS: 'abc' }))).toBe(
      'config: RSI_STOP_LOSS must be a percentage like 2%, an ATR multiple like 1.5atr or swing (got "abc")',
    );
    expect(configErrorOf(() => loadStrategies(['RSI_Strategy'], { TRAILING_ACTIVATION: '2atr' }))).toBe(
      'config: TRAILING_ACTIVATION must be a percentage gain like 1% (got "2atr")',
    );
    expect(configErrorOf(() => loadStrategies(['RSI_Strategy'], { ATR_WINDOW: '1' }))).toBe(
      'config: ATR_WINDOW must be a whole number from 2 to 1000 (got "1")',
    );
  });

  it('reports a bad default once and every bad strategy variable on the same line', () => {
    const message = configErrorOf(() =>
      loadStrategies(ALL, { STOP_LOSS: '150%', RSI_TAKE_PROFIT: 'x', BB_TRAILING_STOP: '0atr', MA_STOP_LOSS: '1%' }),
    );
    expect(message).toBe(
      'config: STOP_LOSS must be a percentage above 0% and below 100% (got "150%"); ' +
        'RSI_TAKE_PROFIT must be a percentage like 2% or an ATR multiple like 1.5atr (got "x"); ' +
        'BB_TRAILING_STOP must be an ATR multiple above 0 and at most 100 (got "0atr")',
    );
    expect(message).not.toContain('\n');
  });

  it('ignores the protection variables of strategies that are not enabled', () => {
    expect(loadStrategies(['Bollinger_Bands'], { RSI_STOP_LOSS: 'abc' })).toHaveLength(1);
  });
});
