import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { sizeEntry, type SizingRules } from './position-sizing.js';
import { checkEntryRisk, type EntryRiskCheck, type RiskLimits } from './risk-manager.js';

const sizing: SizingRules = {
  mode: 'fixed',
  fixedQuantity: dec('0.001'),
  equityPct: dec('5'),
  riskPerTradePct: dec('1'),
};
const limits: RiskLimits = { maxExposurePct: dec('20'), maxOpenPositions: 10, sizing };
const entry = (over: Partial<EntryRiskCheck> = {}): EntryRiskCheck => ({
  symbol: 'BTC/USDC',
  base: 'BTC',
  quote: 'USDC',
  step: dec('0.00001'),
  price: dec('50000'),
  requested: dec('0.001'),
  stopLoss: null,
  opensPosition: true,
  portfolio: { equity: dec('10000'), assetValue: dec('0'), openPositions: 0 },
  killSwitch: null,
  paused: null,
  budget: null,
  ...over,
});
const reasonOf = (r: ReturnType<typeof checkEntryRisk>) => (r.ok ? null : r.reason);

describe('risk manager', () => {
  it('lets an entry within every limit through with its quantity', () => {
    expect(checkEntryRisk(entry(), limits)).toEqual({ ok: true, quantity: dec('0.001') });
  });

  it('refuses every entry while the kill switch is on, first', () => {
    const r = checkEntryRisk(entry({ killSwitch: 'kill switch active: daily loss', paused: 'paused: x' }), limits);
    expect(reasonOf(r)).toBe('kill switch active: daily loss');
  });

  it('refuses a paused entry with the pause as the reason', () => {
    expect(reasonOf(checkEntryRisk(entry({ paused: 'paused: all new entries (by ops)' }), limits))).toBe(
      'paused: all new entries (by ops)',
    );
  });

  it('refuses a new position beyond RISK_MAX_OPEN_POSITIONS, but not an addition to an open one', () => {
    const full = { equity: dec('10000'), assetValue: dec('0'), openPositions: 10 };
    expect(reasonOf(checkEntryRisk(entry({ portfolio: full }), limits))).toBe(
      '10 positions are open, the most RISK_MAX_OPEN_POSITIONS allows (10)',
    );
    expect(checkEntryRisk(entry({ portfolio: full, opensPosition: false }), limits).ok).toBe(true);
    expect(checkEntryRisk(entry({ portfolio: full }), { ...limits, maxOpenPositions: 0 }).ok).toBe(true);
  });

  it('refuses exposure to one asset above RISK_MAX_EXPOSURE_PCT of the quote portfolio (after the order)', () => {
    // already 1800 of BTC in a 10000 USDC portfolio; 0.005 more at 50000 = 250 → 2050 = 20.5 %
    const r = checkEntryRisk(
      entry({
        requested: dec('0.005'),
        portfolio: { equity: dec('10000'), assetValue: dec('1800'), openPositions: 1 },
      }),
      limits,
    );
    expect(reasonOf(r)).toBe(
      'exposure to BTC would be 20.5% of the USDC portfolio (2050 of 10000), above RISK_MAX_EXPOSURE_PCT 20',
    );
    // exactly 20 % is allowed
    const at = checkEntryRisk(
      entry({
        requested: dec('0.004'),
        portfolio: { equity: dec('10000'), assetValue: dec('1800'), openPositions: 1 },
      }),
      limits,
    );
    expect(at.ok).toBe(true);
    expect(checkEntryRisk(entry({ requested: dec('1') }), { ...limits, maxExposurePct: dec(0) }).ok).toBe(true);
  });

  it('sizes a signal entry (requested null) by POSITION_SIZING before the limits', () => {
    const r = checkEntryRisk(entry({ requested: null }), { ...limits, sizing: { ...sizing, mode: 'equity_pct' } });
    // 5 % of 10000 = 500 at 50000 → 0.01 BTC (10 % exposure)
    expect(r).toEqual({ ok: true, quantity: dec('0.01') });
  });

  it('refuses risk sizing without a stop-loss', () => {
    const r = checkEntryRisk(entry({ requested: null }), { ...limits, sizing: { ...sizing, mode: 'risk' } });
    expect(reasonOf(r)).toBe('POSITION_SIZING=risk sizes an entry from its stop-loss, and this one has none');
  });
});

describe('position sizing', () => {
  const input = {
    equity: dec('10000'),
    price: dec('50000'),
    stopLoss: dec('49000'),
    step: dec('0.00001'),
    quote: 'USDC',
  };

  it('fixed: TRADE_QUANTITY on the step', () => {
    expect(sizeEntry({ ...sizing, fixedQuantity: dec('0.0012345') }, input)).toEqual({
      ok: true,
      quantity: dec('0.00123'),
    });
  });

  it('equity_pct: a share of the equity at the entry price, rounded down to the step', () => {
    const r = sizeEntry({ ...sizing, mode: 'equity_pct', equityPct: dec('3') }, { ...input, price: dec('23456.78') });
    // 300 / 23456.78 = 0.012789... → 0.01278
    expect(r.ok && toPlain(r.quantity)).toBe('0.01278');
  });

  it('risk: RISK_PER_TRADE_PCT of the equity lost if the stop is hit', () => {
    // 1 % of 10000 = 100 at risk, 1000 per BTC between entry and stop → 0.1 BTC
    expect(sizeEntry({ ...sizing, mode: 'risk' }, input)).toEqual({ ok: true, quantity: dec('0.1') });
    const bad = sizeEntry({ ...sizing, mode: 'risk' }, { ...input, stopLoss: dec('50000') });
    expect(!bad.ok && bad.reason).toBe('stop-loss 50000 must be below the entry price 50000');
  });

  it('refuses to size from no equity', () => {
    const r = sizeEntry({ ...sizing, mode: 'equity_pct' }, { ...input, equity: dec(0) });
    expect(!r.ok && r.reason).toBe('no USDC equity to size the position from');
  });
});
