import { describe, expect, it } from '@jest/globals';
import { matchPause, pauseReason, type Pause } from './pauses.js';

const at = new Date('2026-11-21T10:00:00Z');
const pause = (scope: Pause['scope'], target: string | null = null): Pause => ({
  scope,
  target,
  pausedBy: 'ops',
  pausedAt: at,
});

describe('pauses', () => {
  it('match by strategy or symbol, and all matches everything', () => {
    const pauses = [pause('strategy', 'RSI_Strategy'), pause('symbol', 'BTC/USDT')];
    expect(matchPause(pauses, 'RSI_Strategy', 'BTC/USDC')?.scope).toBe('strategy');
    expect(matchPause(pauses, 'Bollinger_Bands', 'BTC/USDT')?.scope).toBe('symbol');
    expect(matchPause(pauses, 'Bollinger_Bands', 'BTC/USDC')).toBeUndefined();
    expect(matchPause([...pauses, pause('all')], 'manual', 'ETH/USDC')?.scope).toBe('all');
  });

  it('give a reason starting with "paused:"', () => {
    expect(pauseReason(pause('symbol', 'BTC/USDC'))).toBe(
      'paused: new entries in BTC/USDC (by ops since 2026-11-21T10:00:00.000Z); POST /controls/resume to lift it',
    );
    expect(pauseReason(pause('all'))).toMatch(/^paused: all new entries \(by ops/);
  });
});
