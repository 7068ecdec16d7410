import { describe, expect, it } from '@jest/globals';
import { snapshotMessages } from './snapshot-messages.js';

const takenAt = new Date('2026-11-21T10:00:00Z');
const usdc = { asset: 'USDC', free: '10', locked: '0', total: '10', value: '10', valueCurrency: 'USDC' };
const total = { currency: 'USDC', total: '10', cash: '10', holdingsValue: '0', holdingsCost: '0', prices: {} };

describe('snapshotMessages', () => {
  it('reads the lists the trader stores as messages of the mode at the snapshot time', () => {
    expect(snapshotMessages({ taken_at: takenAt, balances: [usdc], totals: [total] }, 'demo')).toEqual({
      balances: { mode: 'demo', timestamp: takenAt.getTime(), balances: [usdc] },
      totals: { mode: 'demo', timestamp: takenAt.getTime(), totals: [total] },
    });
  });

  it('accepts whole messages and ignores a part of another shape', () => {
    const totals = { mode: 'demo', timestamp: 5, totals: [total] };
    const out = snapshotMessages({ taken_at: takenAt, balances: { nope: true }, totals }, 'demo');
    expect(out.balances).toBeUndefined();
    expect(out.totals).toEqual(totals);
  });
});
