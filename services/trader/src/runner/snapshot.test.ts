import { describe, expect, it } from '@jest/globals';
import { TradingEngine } from '@roottrading/engine';
import { flat, MINUTE, T0, testConfig } from '@roottrading/engine/testing';
import { boundaryOf, newestClose } from './snapshot.js';

describe('equity points at EQUITY_SNAPSHOT_EVERY boundaries', () => {
  it('captures the account at the candle that moves candle time across a multiple, once however far it jumps', () => {
    const HOUR = 60 * MINUTE;
    // T0 is midnight: the candles opening 00:58 and 00:59 stay in the first hour, 01:00 crosses.
    const engine = TradingEngine.create(testConfig());
    const crossings: (number | null)[] = [];
    for (const minute of [58, 59, 60, 61, 30, 190]) {
      const before = newestClose(engine.state);
      engine.step(flat(minute, 50_000));
      crossings.push(boundaryOf(before, engine.state, HOUR)?.candleTime ?? null);
    }
    expect(crossings).toEqual([null, null, T0 + 61 * MINUTE - 1, null, null, T0 + 191 * MINUTE - 1]);
  });

  it('values the point at the closes of that moment and holds what the account held then', () => {
    const engine = TradingEngine.create(testConfig());
    engine.step(flat(59, 50_000));
    const before = newestClose(engine.state);
    engine.step(flat(60, 51_000));
    const point = boundaryOf(before, engine.state, 60 * MINUTE)!;
    expect(point.prices.get('BTC/USDC')?.toFixed()).toBe('51000');
    expect(point.holdings.balances.map((b) => b.asset)).toEqual([...engine.state.balances.keys()].sort());
    expect(boundaryOf(before, engine.state, undefined)).toBeNull();
  });
});
