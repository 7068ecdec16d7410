import { describe, expect, it } from '@jest/globals';
import { CandleGate } from '@roottrading/engine';
import { replayCandles } from '@roottrading/strategies/test-support';

/**
 * The shared real files through the candle checks at the default CANDLE_MAX_JUMP (20 %), on the
 * market clock as a replay checks them: real data must pass whole. The closest call is BTC/USDC's
 * wick to 31,000 at 2023-03-14 14:24 (19.35 % above the last close).
 */
describe('the real market files and the candle checks', () => {
  it.each(['BTC/USDC', 'BTC/USDT', 'BTC/USD'])('%s: every candle accepted at once, none refused or held', (symbol) => {
    const gate = new CandleGate({ intervalMs: 60_000, maxJumpPct: '20' });
    const candles = replayCandles(symbol);
    let accepted = 0;
    const refused: string[] = [];
    let held = 0;
    for (const c of candles) {
      const out = gate.check(c, 'market');
      accepted += out.accepted.length;
      refused.push(...out.refused.map((r) => r.reason));
      if (out.held) held++;
    }
    expect(refused).toEqual([]);
    expect(held).toBe(0);
    expect(accepted).toBe(30_240);
  });

  it('at 19 % the 2023-03-14 wick is held, and the next candle confirms it: still none refused', () => {
    const gate = new CandleGate({ intervalMs: 60_000, maxJumpPct: '19' });
    const held: string[] = [];
    let refused = 0;
    for (const c of replayCandles('BTC/USDC')) {
      const out = gate.check(c, 'market');
      if (out.held) held.push(new Date(out.held.startTime).toISOString());
      refused += out.refused.length;
    }
    expect(held).toEqual(['2023-03-14T14:24:00.000Z']);
    expect(refused).toBe(0);
  });
});
