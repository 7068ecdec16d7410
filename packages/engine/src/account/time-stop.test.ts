import { describe, expect, it } from '@jest/globals';
import { toPlain } from '@roottrading/accounting';
import { TradingEngine } from '../engine.js';
import type { ProtectionRequest } from '../protection/entry-protection.js';
import { at, candle, flat, ofType, testConfig, trades } from '../testing/scenario.js';

/** 1 BTC bought at the close of minute 0 (100.05 with slippage): the entry candle is minute 0. */
function bought(protection: ProtectionRequest) {
  const e = TradingEngine.create(testConfig());
  e.step(flat(0, 100, { signals: [{ side: 'BUY', protection }] }));
  return e;
}
const exits = (out: ReturnType<TradingEngine['step']>) =>
  trades(out).map((t) => [toPlain(t.quantity), toPlain(t.price), t.exitReason, t.time]);

describe('time stop (TIME_STOP=3: the close of the 3rd base candle after the entry candle)', () => {
  it('sells the whole position at the close of the 3rd candle, slippage applied as at any close', () => {
    const e = bought({ timeStop: 3 });
    expect(e.state.positions.values().next().value?.entryCandle).toBe(at(0));
    expect(trades(e.step(flat(1, 101)))).toHaveLength(0);
    expect(trades(e.step(flat(2, 102)))).toHaveLength(0);
    // 103 × (1 − 0.0005) = 102.9485, down to the tick.
    const out = e.step(flat(3, 103));
    expect(exits(out)).toEqual([['1', '102.94', 'time_stop', at(4) - 1]]);
    expect(ofType(out, 'position-closed')[0]?.closed.exitReason).toBe('time_stop');
  });

  it('counts time, not candles seen: a missing candle counts all the same', () => {
    const e = bought({ timeStop: 3 });
    e.step(flat(1, 101));
    expect(exits(e.step(flat(4, 104)))).toEqual([['1', '103.94', 'time_stop', at(5) - 1]]);
  });

  it('gives way to a stop reached on its candle (the stop came first, the close last)', () => {
    const e = bought({ timeStop: 1, stopLoss: '95' });
    const out = e.step(candle({ minute: 1, open: 100, high: 100, low: 94, close: 99 }));
    expect(exits(out)).toEqual([['1', '95', 'stop_loss', at(2) - 1]]);
  });

  it('sells it all at the close on its candle even when the partial take-profit is reached there', () => {
    const e = bought({ timeStop: 1, partialTakeProfit: { price: '105', fraction: '0.5' } });
    const out = e.step(candle({ minute: 1, open: 100, high: 106, low: 100, close: 104 }));
    expect(exits(out)).toEqual([['1', '103.94', 'time_stop', at(2) - 1]]);
  });

  it('closes the rest after a partial take-profit taken earlier', () => {
    const e = bought({ timeStop: 2, partialTakeProfit: { price: '105', fraction: '0.5' } });
    expect(exits(e.step(candle({ minute: 1, open: 100, high: 106, low: 100, close: 104 })))).toEqual([
      ['0.5', '105', 'partial_take_profit', at(2) - 1],
    ]);
    expect(exits(e.step(flat(2, 102)))).toEqual([['0.5', '101.94', 'time_stop', at(3) - 1]]);
  });

  it('refuses an entry with a time stop that is not a whole number of candles', () => {
    const e = bought({ timeStop: 1.5 });
    expect(e.state.positions.size).toBe(0);
  });
});
