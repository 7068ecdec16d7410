import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseEnv } from '@roottrading/config';
import { loadStrategies } from '../strategies/select.js';
import { protectionDefaultsSchema, protectionView, type ProtectionConfig } from './config.js';
import { parsePartial, parseTimeStop } from './exit-rules.js';
import { resolveProtection } from './resolve.js';
import { RecentSwingLows, SWING_LOOKBACK } from './swing-stop.js';

const pct = (value: string) => ({ kind: 'percent' as const, value });
const atr = (value: string) => ({ kind: 'atr' as const, value });
const config = (c: Partial<ProtectionConfig>): ProtectionConfig => ({
  ...parseEnv(protectionDefaultsSchema, {}),
  ...c,
});
function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('PARTIAL_TAKE_PROFIT, TIME_STOP and STOP_LOSS=swing settings', () => {
  it('read a share at a level (a percentage or an ATR multiple), normalised', () => {
    expect(parsePartial('50%@5%', true)).toEqual({ share: '50', level: pct('5') });
    expect(parsePartial(' 33.30 % @ 1.5ATR ', true)).toEqual({ share: '33.3', level: atr('1.5') });
    expect(parsePartial('', true)).toBeNull();
    expect(parsePartial('', false)).toBeUndefined();
    expect(parsePartial('none', false)).toBeNull();
    expect(parseTimeStop('30', true)).toBe(30);
    expect(parseTimeStop('off', false)).toBeNull();
    expect(parseTimeStop(undefined, false)).toBeUndefined();
  });

  it('refuse a malformed or out-of-range value with what is expected', () => {
    expect(parsePartial('50%', true)).toEqual({ error: 'must be a share and a level like 50%@5% or 50%@1.5atr' });
    expect(parsePartial('100%@5%', true)).toEqual({
      error: 'must sell a share above 0% and below 100% (all of it is a take profit)',
    });
    expect(parsePartial('50%@0%', true)).toEqual({ error: 'level must be a percentage above 0% and at most 1000%' });
    expect(parsePartial('50%@swing', true)).toHaveProperty('error');
    expect(parseTimeStop('0', true)).toEqual({ error: 'must be a whole number of candles from 1 to 100000' });
    expect(parseTimeStop('2.5', true)).toHaveProperty('error');
  });

  it('stop the service with one line naming each bad variable', () => {
    expect(
      configError(() =>
        loadStrategies(['RSI_Strategy'], { PARTIAL_TAKE_PROFIT: '50', RSI_TIME_STOP: '-1', RSI_STOP_LOSS: 'swung' }),
      ),
    ).toBe(
      'config: PARTIAL_TAKE_PROFIT must be a share and a level like 50%@5% or 50%@1.5atr (got "50"); ' +
        'RSI_STOP_LOSS must be a percentage like 2%, an ATR multiple like 1.5atr or swing (got "swung"); ' +
        'RSI_TIME_STOP must be a whole number of candles from 1 to 100000 (got "-1")',
    );
    expect(configError(() => loadStrategies(['RSI_Strategy'], { SWING_STRENGTH: '0' }))).toBe(
      'config: SWING_STRENGTH must be a whole number from 1 to 50 (got "0")',
    );
    expect(configError(() => loadStrategies(['RSI_Strategy'], { TRAILING_STOP: 'swing' }))).toMatch(
      /^config: TRAILING_STOP must be a percentage like 2% or an ATR multiple like 1.5atr/,
    );
  });

  it('apply globally and per strategy, and enter the signal identity', () => {
    const [rsi, ma] = loadStrategies(['RSI_Strategy', 'SimpleMA_Cross'], {
      PARTIAL_TAKE_PROFIT: '50%@5%',
      RSI_TIME_STOP: '30',
      MA_PARTIAL_TAKE_PROFIT: 'none',
      MA_STOP_LOSS: 'swing',
    });
    expect(protectionView(rsi!.protection)).toMatchObject({ partialTakeProfit: '50%@5%', timeStop: 30 });
    expect(protectionView(ma!.protection)).toMatchObject({
      partialTakeProfit: null,
      timeStop: null,
      stopLoss: 'swing',
    });
    expect(rsi!.paramsKey).toBe(
      '{"overbought":70,"oversold":30,"protection":{"partialTakeProfit":"50%@5%","timeStop":30},"window":14}',
    );
    expect(ma!.paramsKey).toContain('"protection":{"stopLoss":"swing","swingStrength":2}');
    // The swing stop looks back 100 candles: the warm-up covers them and the swing's confirmation.
    expect(ma!.warmupCandles).toBeGreaterThanOrEqual(SWING_LOOKBACK + 5);
  });
});

describe('resolving the exits on a BUY at 200', () => {
  it('puts the partial level above the entry (rounded up) and the share as a fraction', () => {
    const r = resolveProtection(
      config({ partialTakeProfit: { share: '50', level: pct('5') }, timeStop: 30 }),
      '200',
      3,
    );
    expect(r.partialTakeProfit).toEqual({ price: '210', fraction: '0.5' });
    expect(r.timeStop).toBe(30);
    expect(r.metadata).toMatchObject({
      partialTakeProfitRule: '50%@5%',
      partialTakeProfit: '210',
      partialTakeProfitShare: '0.5',
      timeStop: 30,
    });
    const a = resolveProtection(config({ partialTakeProfit: { share: '25', level: atr('1.5') } }), '200', 1.123456789);
    expect(a.partialTakeProfit).toEqual({ price: '201.68518519', fraction: '0.25' }); // 200 + 1.6851851835
  });

  it('leaves out a partial at or above the take-profit, and an ATR partial while there is no ATR', () => {
    const over = resolveProtection(
      config({ takeProfit: pct('3'), partialTakeProfit: { share: '50', level: pct('5') } }),
      '200',
      3,
    );
    expect(over.partialTakeProfit).toBeUndefined();
    expect(over.metadata.protectionNote).toBe(
      'partial take profit 50%@5% left out: 210 is not below the take profit 206',
    );
    const warm = resolveProtection(config({ partialTakeProfit: { share: '50', level: atr('2') } }), '200', undefined);
    expect(warm.metadata.protectionNote).toBe('partial take profit 2atr left out: no ATR yet (warm-up)');
  });

  it('puts a swing stop at the newest swing low under the entry, or leaves it out with a note', () => {
    const swing = config({ stopLoss: { kind: 'swing' } });
    expect(resolveProtection(swing, '200', undefined, [180.5, 195.25, 201]).stopLoss).toBe('195.25');
    const none = resolveProtection(swing, '200', undefined, [201, 230]);
    expect(none.stopLoss).toBeUndefined();
    expect(none.metadata).toMatchObject({
      stopLossRule: 'swing',
      swingLow: null,
      protectionNote: 'stop loss swing left out: no swing low under the entry in the last 100 candles',
    });
  });
});

describe('recent swing lows', () => {
  it('are confirmed `strength` candles late and forgotten after SWING_LOOKBACK candles', () => {
    const swings = new RecentSwingLows(2);
    for (const low of [10, 9, 8, 9, 10]) swings.update(low);
    expect(swings.lows()).toEqual([8]);
    for (let i = 0; i < SWING_LOOKBACK - 3; i++) swings.update(20);
    expect(swings.lows()).toEqual([8]); // the swing bar (index 2) is 99 candles back
    swings.update(20);
    expect(swings.lows()).toEqual([]);
  });
});
