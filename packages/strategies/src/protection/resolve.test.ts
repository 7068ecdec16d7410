import { describe, expect, it } from '@jest/globals';
import { positiveDecimalString } from '@roottrading/contracts';
import type { ProtectionConfig } from './config.js';
import { resolveProtection } from './resolve.js';
import type { Rule } from './rules.js';

const pct = (value: string): Rule => ({ kind: 'percent', value });
const atr = (value: string): Rule => ({ kind: 'atr', value });
const config = (c: Partial<ProtectionConfig>): ProtectionConfig => ({
  stopLoss: null,
  takeProfit: null,
  trailingStop: null,
  trailingActivation: null,
  partialTakeProfit: null,
  timeStop: null,
  atrWindow: 14,
  swingStrength: 2,
  ...c,
});

describe('resolveProtection', () => {
  it('turns percentages into exact prices: 23152.65 × 0.98 and × 1.03, a trail of 0.015 from 1 %', () => {
    const r = resolveProtection(
      config({ stopLoss: pct('2'), takeProfit: pct('3'), trailingStop: pct('1.5'), trailingActivation: pct('1') }),
      '23152.65',
      40.5,
    );
    expect(r.stopLoss).toBe('22689.597');
    expect(r.takeProfit).toBe('23847.2295');
    expect(r.trailingStop).toEqual({ type: 'percent', value: '0.015', activation: '0.01' });
    expect(r.metadata).toEqual({
      atr: 40.5,
      atrWindow: 14,
      stopLossRule: '2%',
      stopLoss: '22689.597',
      takeProfitRule: '3%',
      takeProfit: '23847.2295',
      trailingStopRule: '1.5%',
      trailingStopType: 'percent',
      trailingStopValue: '0.015',
      trailingActivation: '0.01',
    });
  });

  it('turns ATR multiples into prices: 23152.65 − 1.5 × 12.5, + 2 × 12.5, a trail of 2.5 × 12.5', () => {
    const r = resolveProtection(
      config({ stopLoss: atr('1.5'), takeProfit: atr('2'), trailingStop: atr('2.5') }),
      '23152.65',
      12.5,
    );
    expect(r).toMatchObject({
      stopLoss: '23133.9',
      takeProfit: '23177.65',
      trailingStop: { type: 'distance', value: '31.25', activation: null },
    });
    expect(r.metadata).toMatchObject({ atr: 12.5, trailingStopType: 'distance', trailingStopValue: '31.25' });
  });

  it('rounds to 8 decimals: the stop down, the target and the trailing distance up', () => {
    // 0.12345678 × 0.98 = 0.1209876444 → 0.12098764; × 1.02 = 0.1259259156 → 0.12592592
    const p = resolveProtection(config({ stopLoss: pct('2'), takeProfit: pct('2') }), '0.12345678', undefined);
    expect([p.stopLoss, p.takeProfit]).toEqual(['0.12098764', '0.12592592']);
    // ATR 12.3456789012345: 1.5 × = 18.51851835185175, 2 × = 24.691357802469
    const a = resolveProtection(
      config({ stopLoss: atr('1.5'), takeProfit: atr('1.5'), trailingStop: atr('2') }),
      '23152.65',
      12.3456789012345,
    );
    expect(a.stopLoss).toBe('23134.13148164'); // 23134.13148164814825
    expect(a.takeProfit).toBe('23171.16851836'); // 23171.16851835185175
    expect(a.trailingStop?.value).toBe('24.69135781'); // 24.691357802469
  });

  it('leaves an ATR rule out with a note while there is no ATR yet, keeping the percentage ones', () => {
    const r = resolveProtection(
      config({ stopLoss: atr('1.5'), takeProfit: pct('3'), trailingStop: atr('2') }),
      '100',
      undefined,
    );
    expect(r.stopLoss).toBeUndefined();
    expect(r.trailingStop).toBeUndefined();
    expect(r.takeProfit).toBe('103');
    expect(r.metadata).toMatchObject({
      atr: null,
      stopLoss: null,
      trailingStopType: null,
      protectionNote:
        'stop loss 1.5atr left out: no ATR yet (warm-up); trailing stop 2atr left out: no ATR yet (warm-up)',
    });
  });

  it('never emits a stop equal to the entry in a flat market (ATR 0)', () => {
    const r = resolveProtection(config({ stopLoss: atr('2'), takeProfit: atr('2') }), '23152.65', 0);
    expect(r.stopLoss).toBeUndefined();
    expect(r.takeProfit).toBeUndefined();
    expect(r.metadata.protectionNote).toBe(
      'stop loss 2atr left out: the ATR is 0 (flat market); take profit 2atr left out: the ATR is 0 (flat market)',
    );
  });

  it('leaves out a stop that rounds to 0 or below, and a trail as wide as the price', () => {
    expect(resolveProtection(config({ stopLoss: pct('50') }), '0.00000001', 1).metadata.protectionNote).toBe(
      'stop loss 50% left out: 0 is not between 0 and the entry',
    );
    const deep = resolveProtection(config({ stopLoss: atr('3') }), '10', 5);
    expect(deep.stopLoss).toBeUndefined();
    expect(deep.metadata.protectionNote).toBe('stop loss 3atr left out: -5 is not between 0 and the entry');
    const wide = resolveProtection(config({ trailingStop: atr('2') }), '10', 5);
    expect(wide.trailingStop).toBeUndefined();
    expect(wide.metadata).toMatchObject({
      trailingStopType: null,
      protectionNote: 'trailing stop 2atr left out: 10 is not below the entry',
    });
  });

  it('always gives prices the signal contract accepts (plain, positive decimals)', () => {
    for (const close of ['23152.65', '0.00001234', '1', '99999999.99999999']) {
      const r = resolveProtection(
        config({ stopLoss: pct('0.001'), takeProfit: atr('0.1'), trailingStop: atr('0.5') }),
        close,
        1e-7,
      );
      for (const price of [r.stopLoss, r.takeProfit, r.trailingStop?.value]) {
        expect(positiveDecimalString.safeParse(price).success).toBe(true);
      }
    }
  });
});
