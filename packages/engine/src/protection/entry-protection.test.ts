import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { resolveProtection, type ProtectionRequest } from './entry-protection.js';

const TICK = dec('0.01');
const resolve = (req: ProtectionRequest, entry = '50025') => resolveProtection(req, dec(entry), TICK);

describe('protections at entry', () => {
  it('puts the stop down and the target up on the tick', () => {
    const r = resolve({ stopLoss: '49000.129', takeProfit: '52000.001' });
    expect(r.ok && { stop: toPlain(r.protection.stopLoss!), target: toPlain(r.protection.takeProfit!) }).toEqual({
      stop: '49000.12',
      target: '52000.01',
    });
  });

  it('refuses a stop not below the entry price (the fill price, slippage included)', () => {
    const r = resolve({ stopLoss: '50025' });
    expect(!r.ok && r.reason).toBe('stop-loss 50025 must be above 0 and below the entry price 50025');
  });

  it('refuses a target not above the entry price', () => {
    const r = resolve({ takeProfit: '50020' });
    expect(!r.ok && r.reason).toBe('take-profit 50020 must be above the entry price 50025');
  });

  it('refuses a trailing stop of 100 % or more, or a distance as large as the price', () => {
    const pct = resolve({ trailingStop: { type: 'percent', value: '1' } });
    expect(!pct.ok && pct.reason).toBe('trailing stop of 1 must be a fraction of the high below 1 (0.02 = 2 %)');
    const dist = resolve({ trailingStop: { type: 'distance', value: '60000' } });
    expect(!dist.ok && dist.reason).toBe('trailing stop distance 60000 must be below the entry price 50025');
  });

  it('keeps a valid trailing stop with its activation', () => {
    const r = resolve({ trailingStop: { type: 'percent', value: '0.02', activation: '0.01' } });
    expect(r.ok && r.protection.trailing).toEqual({ type: 'percent', value: dec('0.02'), activation: dec('0.01') });
  });
});
